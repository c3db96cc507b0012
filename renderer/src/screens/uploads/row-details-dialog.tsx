import { useTranslation } from 'react-i18next';
import type { BatchRowDto, BatchSummaryDto } from '../../../../shared/contract/schemas.ts';
import { api } from '../../api.ts';
import { ErrorMessage } from '../../components/error-message.tsx';
import { useLoad } from '../../hooks/use-api.ts';
import { useApp } from '../../state/app-store.ts';
import { Dialog } from '../../components/dialog.tsx';

/** Everything about one row: each issue in full (which column, what value, what to do) and every value read. */
export function RowDetailsDialog({ batch, row, headers, onClose }: { batch: BatchSummaryDto; row: BatchRowDto; headers: string[]; onClose(): void }) {
  const { t } = useTranslation('uploads');
  const go = useApp((state) => state.go);
  const issues = useLoad(() => api.call('batches.rowIssues', { id: batch.id, row: row.row }), [batch.id, row.row]);
  const userHeader = batch.mapping.user_id;
  const userIndex = userHeader === undefined ? -1 : headers.indexOf(userHeader);
  const userId = userIndex >= 0 ? (row.cells[userIndex] ?? '').trim() : '';
  const canOpenTimeline = userId !== '';
  const problemColumns = new Set((issues.data?.issues ?? []).map((issue) => issue.column).filter((column) => column !== undefined));

  return (
    <Dialog
      wide
      title={<>{t('details.title', { row: row.row })} <span className={`badge ${row.outcome}`}>{t(`common:outcome.${row.outcome}`)}</span></>}
      onClose={onClose}
      actions={canOpenTimeline && <button type="button" onClick={() => go('timeline', { userId })}>{t('details.openTimeline', { user: userId })}</button>}
    >
      <p className="muted details-file" title={batch.file}>{t('details.inFile', { file: batch.file })}</p>
      <h3>{t('details.reasons')}</h3>
      <ErrorMessage message={issues.error} onRetry={issues.reload} />
      {issues.data && (issues.data.issues.length === 0
        ? <p>{row.outcome === 'duplicate' ? t('issueHelp.duplicate') : t('details.noIssues')}</p>
        : (
          <ul className="issue-list">
            {issues.data.issues.map((issue, index) => (
              <li key={index} className="issue-item">
                <strong className="issue-name">{t(`common:issue.${issue.code}`, { defaultValue: issue.code })}</strong>
                {issue.column !== undefined && (
                  <span className="issue-where">
                    {t('details.column', { column: issue.column })}
                    {issue.value !== undefined && <> · {issue.value === '' ? t('details.valueBlank') : t('details.value', { value: issue.value })}</>}
                  </span>
                )}
                <span className="issue-help">{t(`issueHelp.${issue.code}`, { defaultValue: '' })}</span>
                {issue.detail && <span className="issue-detail muted">{issue.detail}</span>}
              </li>
            ))}
          </ul>
        ))}
      {!issues.data && !issues.error && row.reasons.length > 0 && <ul className="issue-list">{row.reasons.map((reason) => <li key={reason}>{reason}</li>)}</ul>}
      <h3>{t('details.values')}</h3>
      <table className="table compact details-values">
        <tbody>
          {headers.map((header, index) => (
            <tr key={index} className={problemColumns.has(header) ? 'has-issue' : undefined}>
              <th scope="row">{header || '—'}</th>
              <td>{row.cells[index] === '' || row.cells[index] === undefined ? <em className="muted">{t('details.blank')}</em> : row.cells[index]}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Dialog>
  );
}
