import { useTranslation } from 'react-i18next';
import { useApp } from '../../state/app-store.ts';

export type FileOutcomeName = 'committed' | 'review' | 'duplicate' | 'failed' | 'waiting';

export function isFileOutcome(value: string): value is FileOutcomeName {
  return ['committed', 'review', 'duplicate', 'failed', 'waiting'].includes(value);
}

const reviewDetail = /^([\d.]+)% of rows rejected \(limit ([\d.]+)%\)/;

/** What became of a file in a watched folder, in the UI's language, with a way to its batch in Uploads. */
export function FileOutcome({ outcome, batchId, detail }: { outcome: string; batchId: number | null | undefined; detail: string | null | undefined }) {
  const { t } = useTranslation('settings');
  const go = useApp((state) => state.go);
  const known = isFileOutcome(outcome) ? outcome : null;
  const review = known === 'review' && detail ? reviewDetail.exec(detail) : null;
  const text = known === 'review' ? (review ? t('automation.detail.reviewRate', { rate: review[1], limit: review[2] }) : t('automation.detail.review'))
    : known === 'duplicate' ? (batchId ? t('automation.detail.duplicate', { batch: batchId }) : detail)
      : known === 'waiting' ? t('automation.detail.waiting')
        : known === 'committed' ? null : detail;
  return (
    <span className="file-outcome">
      <span className={`badge outcome-${outcome}`}>{t(`automation.outcome.${outcome}`, { defaultValue: outcome })}</span>
      {text && <span className={known === 'failed' ? 'outcome-detail failed' : 'outcome-detail'}>{text}</span>}
      {batchId != null && (known === 'review' || known === 'committed') && (
        <button type="button" className="link" onClick={() => go('uploads', { batchId })}>
          {known === 'review' ? t('automation.reviewInUploads', { batch: batchId }) : t('automation.batchLink', { batch: batchId })}
        </button>
      )}
    </span>
  );
}
