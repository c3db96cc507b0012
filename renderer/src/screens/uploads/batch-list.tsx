import { useTranslation } from 'react-i18next';
import type { BatchSummaryDto } from '../../../../shared/contract/schemas.ts';
import { ErrorMessage } from '../../components/error-message.tsx';
import { useFormat } from '../../format.ts';
import { useApp } from '../../state/app-store.ts';

/** Every batch, newest first: when, which file, what it held and where it stands. */
export function BatchList({ batches, error, onRetry, onOpen }: { batches: BatchSummaryDto[] | null; error: string | null; onRetry(): void; onOpen(id: number): void }) {
  const { t } = useTranslation('uploads');
  const { dateTime, number } = useFormat();
  const go = useApp((state) => state.go);
  if (error) return <ErrorMessage message={error} onRetry={onRetry} />;
  if (!batches) return <p className="muted" role="status">{t('common:status.loading')}</p>;
  if (batches.length === 0) {
    return (
      <div className="panel empty-uploads">
        <p>{t('list.empty')}</p>
        <button type="button" className="primary" onClick={() => go('import')}>{t('list.goImport')}</button>
      </div>
    );
  }
  return (
    <div className="batch-list-wrap">
      <table className="table batch-list">
        <caption className="visually-hidden">{t('list.caption')}</caption>
        <thead>
          <tr>
            <th scope="col" className="col-time">{t('list.time')}</th>
            <th scope="col" className="col-file">{t('list.file')}</th>
            <th scope="col" className="number">{t('counts.rows')}</th>
            <th scope="col" className="number">{t('counts.accepted')}</th>
            <th scope="col" className="number">{t('counts.rejected')}</th>
            <th scope="col" className="number">{t('counts.duplicates')}</th>
            <th scope="col" className="col-status">{t('list.status')}</th>
          </tr>
        </thead>
        <tbody>
          {batches.map((batch) => (
            <tr key={batch.id} className={`batch-${batch.status}`}>
              <td className="col-time">{dateTime(batch.created_at)}</td>
              <td className="col-file">
                <button type="button" className="link-button file-link" title={batch.file} aria-label={t('list.open', { file: batch.file, id: batch.id })} onClick={() => onOpen(batch.id)}>
                  {batch.file}
                </button>
                <span className="muted batch-kind">{t(`common:kind.${batch.kind}`)} · #{batch.id}</span>
              </td>
              <td className="number">{number(batch.rows)}</td>
              <td className="number">{number(batch.accepted)}</td>
              <td className={batch.rejected > 0 ? 'number bad' : 'number'}>{number(batch.rejected)}</td>
              <td className="number">{number(batch.duplicates)}</td>
              <td className="col-status"><span className={`badge ${batch.status}`}>{t(`common:batchStatus.${batch.status}`)}</span></td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
