import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api.ts';
import { ConfirmDialog } from '../../components/confirm-dialog.tsx';
import { ErrorMessage } from '../../components/error-message.tsx';
import { useFormat } from '../../format.ts';
import { errorMessage, useLoad } from '../../hooks/use-api.ts';
import { isWorkbookFormat } from '../../../../shared/model/source-format.ts';
import { BatchReview } from './batch-review.tsx';
import { downloadText } from './download-text.ts';
import { useUndoBatch } from './use-undo-batch.ts';

/** One batch: where it came from, what to do with it (sync, export the refused rows, undo), and its rows. */
export function BatchDetail({ id, onBack }: { id: number; onBack(): void }) {
  const { t } = useTranslation('uploads');
  const { dateTime, number } = useFormat();
  const batch = useLoad(() => api.call('batches.get', { id }), [id], ['batches']);
  const undo = useUndoBatch(id);
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [working, setWorking] = useState(false);

  const run = async (work: () => Promise<string>) => {
    setNotice(null);
    setError(null);
    setWorking(true);
    try {
      setNotice(await work());
    } catch (failure) {
      setError(errorMessage(failure));
    } finally {
      setWorking(false);
    }
  };
  const data = batch.data;
  const sync = () => run(async () => {
    const result = await api.call('batches.commit', { id });
    batch.reload();
    return data?.kind === 'members'
      ? t('detail.syncedProfiles', { count: result.profiles, profiles: number(result.profiles) })
      : t('detail.syncedEvents', { count: result.events, events: number(result.events) });
  });
  const exportRejected = () => run(async () => {
    const { filename, csv, rows } = await api.call('batches.rejectedCsv', { id });
    downloadText(filename, csv, 'text/csv;charset=utf-8');
    return t('detail.exported', { count: rows, rows: number(rows), file: filename });
  });

  return (
    <div className="batch-detail">
      <button type="button" className="back-button" onClick={onBack}><span aria-hidden="true">← </span>{t('detail.back')}</button>
      <ErrorMessage message={batch.error} onRetry={batch.reload} />
      {data && (
        <>
          <div className="panel batch-head">
            <div className="batch-title">
              <h3 title={data.file}>{data.file}</h3>
              <span className={`badge ${data.status}`}>{t(`common:batchStatus.${data.status}`)}</span>
            </div>
            <dl className="batch-meta">
              <div><dt>{t('detail.kind')}</dt><dd>{t(`common:kind.${data.kind}`)}</dd></div>
              <div><dt>{t('detail.imported')}</dt><dd>{dateTime(data.created_at)}</dd></div>
              {data.committed_at && <div><dt>{t('detail.synced')}</dt><dd>{dateTime(data.committed_at)}</dd></div>}
              {data.rolled_back_at && <div><dt>{t('detail.undone')}</dt><dd>{dateTime(data.rolled_back_at)}</dd></div>}
              {data.raw_purged_at && <div><dt>{t('detail.rawPurged')}</dt><dd>{dateTime(data.raw_purged_at)}</dd></div>}
              <div><dt>{t('detail.read')}</dt><dd>{isWorkbookFormat(data.format) ? t('detail.sheet', { sheet: data.sheet ?? '' }) : t(`import:encoding.${data.encoding}`, { defaultValue: data.encoding })}</dd></div>
              {data.tz && <div><dt>{t('detail.tz')}</dt><dd>{data.tz}</dd></div>}
            </dl>
            <div className="batch-actions">
              {data.status === 'staged' && <button type="button" className="primary" disabled={working} onClick={() => void sync()}>{t('detail.sync')}</button>}
              <button type="button" disabled={working || data.rejected === 0} onClick={() => void exportRejected()}>{t('detail.export')}</button>
              {(data.status === 'staged' || data.status === 'committed') && (
                <button type="button" className="danger-outline" disabled={working || undo.busy} onClick={() => void undo.ask()}>{t('detail.undo')}</button>
              )}
            </div>
            {data.raw_purged_at && <p className="muted purged-note">{t(data.kind === 'members' ? 'detail.rawPurgedMembers' : 'detail.rawPurgedNote', { date: dateTime(data.raw_purged_at) })}</p>}
            {notice && <p className="notice" role="status">{notice}</p>}
            {undo.done && (
              <p className="notice" role="status">
                {t('detail.undoneNotice', { events: number(undo.done.events_removed), profiles: number(undo.done.profiles_restored) })}
                {undo.done.profiles_purged_at && ` ${t('detail.undoneNotRestored', { date: dateTime(undo.done.profiles_purged_at) })}`}
              </p>
            )}
            <ErrorMessage message={error ?? undo.error} />
          </div>
          <BatchReview batch={data} />
          {undo.preview && (
            <ConfirmDialog
              title={t('undo.title')}
              confirmLabel={undo.preview.upstream.pushed > 0 && !undo.preview.upstream.can_delete ? t('undo.confirmLocal') : t('undo.confirm')}
              danger
              onCancel={undo.dismiss}
              onConfirm={() => void undo.confirm()}
            >
              <p className="undo-file" title={undo.preview.file}>{undo.preview.file}</p>
              <ul className="undo-effects">
                <li>{t('undo.events', { count: undo.preview.events, events: number(undo.preview.events) })}</li>
                {undo.preview.profiles_purged_at
                  ? <li className="undo-purged">{t('undo.profilesPurged', { date: dateTime(undo.preview.profiles_purged_at) })}</li>
                  : <li>{t('undo.profiles', { count: undo.preview.profiles, profiles: number(undo.preview.profiles) })}</li>}
              </ul>
              <p className="muted">{undo.preview.status === 'staged' ? t('undo.stagedNote') : t('undo.committedNote')}</p>
              {undo.preview.upstream.pushed > 0 && (
                <p className={undo.preview.upstream.can_delete ? 'notice' : 'error'} role="alert">
                  {data.kind === 'members'
                    ? (undo.preview.upstream.can_delete ? t('undo.upstreamResend') : t('undo.upstreamKeptProfiles', { count: undo.preview.upstream.added_profiles, added: number(undo.preview.upstream.added_profiles) }))
                    : (undo.preview.upstream.can_delete ? t('undo.upstreamDelete') : t('undo.upstreamKept'))}
                </p>
              )}
            </ConfirmDialog>
          )}
        </>
      )}
    </div>
  );
}
