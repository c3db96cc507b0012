import { useTranslation } from 'react-i18next';
import type { BatchSummaryDto } from '../../../../shared/contract/schemas.ts';
import { useFormat } from '../../format.ts';

/** Rows by outcome, then by issue code; an issue narrows the grid to its rows. */
export function BatchCounts({ batch, code, onCode }: { batch: BatchSummaryDto; code: string | null; onCode(code: string | null): void }) {
  const { t } = useTranslation('uploads');
  const { number } = useFormat();
  const tiles = [
    { key: 'rows', value: batch.rows, className: '' },
    { key: 'accepted', value: batch.accepted, className: 'ok' },
    { key: 'rejected', value: batch.rejected, className: batch.rejected > 0 ? 'bad' : '' },
    { key: 'duplicates', value: batch.duplicates, className: batch.duplicates > 0 ? 'dup' : '' },
  ];
  const issues = Object.entries(batch.issues).sort((a, b) => b[1] - a[1]);
  return (
    <div className="batch-counts">
      <dl className="count-tiles">
        {tiles.map((tile) => (
          <div key={tile.key} className={`count-tile ${tile.className}`}>
            <dt>{t(`counts.${tile.key}`)}</dt>
            <dd>{number(tile.value)}</dd>
          </div>
        ))}
      </dl>
      <div className="issue-counts">
        <h4 id={`issues-${batch.id}`}>{t('counts.issues')}</h4>
        {issues.length === 0 ? <p className="muted">{t('counts.noIssues')}</p> : (
          <ul aria-labelledby={`issues-${batch.id}`}>
            {issues.map(([issue, rows]) => (
              <li key={issue}>
                <button type="button" className={code === issue ? 'issue-chip active' : 'issue-chip'} aria-pressed={code === issue}
                  title={t('counts.filterBy')} onClick={() => onCode(code === issue ? null : issue)}>
                  <span>{t(`common:issue.${issue}`, { defaultValue: issue })}</span>
                  <span className="issue-chip-count">{number(rows)}</span>
                </button>
              </li>
            ))}
          </ul>
        )}
      </div>
    </div>
  );
}
