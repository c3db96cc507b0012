import { useCallback, useId, useMemo, type CSSProperties } from 'react';
import { useTranslation } from 'react-i18next';
import type { BatchRowDto, BatchSummaryDto } from '../../../../shared/contract/schemas.ts';
import { api } from '../../api.ts';
import { ErrorMessage } from '../../components/error-message.tsx';
import { PagedGrid, type GridColumn } from '../../components/paged-grid.tsx';
import { useFormat } from '../../format.ts';
import { useLoad } from '../../hooks/use-api.ts';

export type OutcomeFilter = 'all' | 'accepted' | 'rejected' | 'duplicate';
const outcomes: readonly OutcomeFilter[] = ['all', 'accepted', 'rejected', 'duplicate'];

// Fields whose values are wider than their headers usually are.
const valueWidths: Record<string, number> = { occurred_at: 210, product_name: 180, email: 210, page_url: 220, name: 140, phone: 150, joined_at: 150 };
const ROW_HEIGHT = 32;
const MAX_GRID_HEIGHT = 420;

function columnWidth(header: string, target: string | undefined): number {
  // Wide (CJK) characters take about twice the room of Latin ones.
  const units = [...header].reduce((sum, char) => sum + (char.charCodeAt(0) > 0x2e80 ? 2 : 1), 0);
  return Math.max(target === undefined ? 0 : (valueWidths[target] ?? 0), Math.max(110, Math.min(220, units * 8 + 24)));
}

/** The batch's rows, a page at a time from the core, filterable by outcome and issue. */
export function BatchRowsGrid({ batch, outcome, code, onOutcome, onCode, onOpenRow }: {
  batch: BatchSummaryDto;
  outcome: OutcomeFilter;
  code: string | null;
  onOutcome(outcome: OutcomeFilter): void;
  onCode(code: string | null): void;
  onOpenRow(row: BatchRowDto, headers: string[]): void;
}) {
  const { t } = useTranslation('uploads');
  const { number } = useFormat();
  const ids = useId();
  const filter = useMemo(() => ({ id: batch.id, outcome, ...(code ? { code } : {}) }), [batch.id, outcome, code]);
  const shape = useLoad(() => api.call('batches.rows', { ...filter, offset: 0, limit: 1 }).then(({ total, headers }) => ({ total, headers })),
    [filter, batch.status, batch.rows]);
  const fetchPage = useCallback((offset: number, limit: number) => api.call('batches.rows', { ...filter, offset, limit }).then((page) => page.rows), [filter]);
  const headers = shape.data?.headers;
  const targetOf = useMemo(() => new Map(Object.entries(batch.mapping).map(([target, header]) => [header, target])), [batch.mapping]);

  const columns = useMemo((): Array<GridColumn<BatchRowDto>> => [
    {
      key: 'row', header: t('grid.row'), width: 84,
      render: (row) => (
        <button type="button" className="row-open" aria-label={t('grid.openRow', { row: row.row })} onClick={() => onOpenRow(row, headers ?? [])}>
          {row.row}
        </button>
      ),
    },
    { key: 'outcome', header: t('grid.outcome'), width: 104, render: (row) => <span className={`badge ${row.outcome}`}>{t(`common:outcome.${row.outcome}`)}</span> },
    {
      key: 'reasons', header: t('grid.reasons'), width: 240,
      render: (row) => {
        const text = row.codes.map((issue) => t(`common:issue.${issue}`, { defaultValue: issue })).join(t('grid.separator'));
        return <span title={row.reasons.join('\n')}>{text}</span>;
      },
    },
    ...(headers ?? []).map((header, index): GridColumn<BatchRowDto> => ({
      key: `c${index}`, header: header || '—', width: columnWidth(header, targetOf.get(header)),
      render: (row) => <span title={row.cells[index] ?? ''}>{row.cells[index] ?? ''}</span>,
    })),
  ], [t, headers, onOpenRow, targetOf]);

  const issues = Object.keys(batch.issues).sort();
  const total = shape.data?.total ?? 0;
  // A short batch gets a short grid; a long one scrolls inside at most MAX_GRID_HEIGHT.
  const height = Math.min(MAX_GRID_HEIGHT, (total + 1) * ROW_HEIGHT + 18);
  return (
    <div className="rows-section" style={{ '--rows-height': `${height}px` } as CSSProperties}>
      <div className="rows-toolbar">
        <div className="field">
          <label htmlFor={`${ids}-outcome`}>{t('grid.showOutcome')}</label>
          <select id={`${ids}-outcome`} value={outcome} onChange={(event) => onOutcome(event.target.value as OutcomeFilter)}>
            {outcomes.map((value) => <option key={value} value={value}>{value === 'all' ? t('grid.allRows') : t(`common:outcome.${value}`)}</option>)}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${ids}-issue`}>{t('grid.showIssue')}</label>
          <select id={`${ids}-issue`} value={code ?? ''} onChange={(event) => onCode(event.target.value || null)}>
            <option value="">{t('grid.anyIssue')}</option>
            {issues.map((issue) => <option key={issue} value={issue}>{t(`common:issue.${issue}`, { defaultValue: issue })}</option>)}
          </select>
        </div>
        <span className="rows-total" role="status">{shape.data ? t('grid.total', { count: total, formatted: number(total) }) : t('common:status.loading')}</span>
      </div>
      <ErrorMessage message={shape.error} onRetry={shape.reload} />
      {shape.data && (total === 0
        ? <p className="muted empty-rows">{t('grid.none')}</p>
        : (
          <PagedGrid<BatchRowDto>
            label={t('grid.label', { file: batch.file })}
            total={total}
            columns={columns}
            fetchPage={fetchPage}
            rowClass={(row) => row.outcome}
            resetKey={`${batch.id}:${outcome}:${code ?? ''}:${batch.status}:${total}`}
          />
        ))}
    </div>
  );
}
