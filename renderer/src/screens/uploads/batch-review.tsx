import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BatchRowDto, BatchSummaryDto } from '../../../../shared/contract/schemas.ts';
import { BatchCounts } from './batch-counts.tsx';
import { BatchRowsGrid, type OutcomeFilter } from './batch-rows-grid.tsx';
import { RowDetailsDialog } from './row-details-dialog.tsx';
import { StoreQuality } from './store-quality.tsx';
import './uploads.css';

/** What a batch holds: counts, the missing-user_id rate per store, and its rows with their reasons. */
export function BatchReview({ batch }: { batch: BatchSummaryDto }) {
  const { t } = useTranslation('uploads');
  const [outcome, setOutcome] = useState<OutcomeFilter>('all');
  const [code, setCode] = useState<string | null>(null);
  const [open, setOpen] = useState<{ row: BatchRowDto; headers: string[] } | null>(null);
  const openRow = useCallback((row: BatchRowDto, headers: string[]) => setOpen({ row, headers }), []);
  const close = useCallback(() => setOpen(null), []);

  return (
    <div className="batch-review">
      <div className="review-summary">
        <BatchCounts batch={batch} code={code} onCode={setCode} />
        <StoreQuality stores={batch.stores} />
      </div>
      <h3>{t('grid.title')}</h3>
      <BatchRowsGrid batch={batch} outcome={outcome} code={code} onOutcome={setOutcome} onCode={setCode} onOpenRow={openRow} />
      {open && <RowDetailsDialog batch={batch} row={open.row} headers={open.headers} onClose={close} />}
    </div>
  );
}
