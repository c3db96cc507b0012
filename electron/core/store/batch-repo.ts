import type { BatchStatus, BatchSummary } from '../../../shared/model/batch.ts';
import type { ImportKind } from '../../../shared/model/import-kind.ts';
import type { SourceFormat } from '../../../shared/model/source-format.ts';
import { ShopfloorError } from '../errors.ts';
import type { Db } from './open-store.ts';

export interface BatchRow {
  id: number;
  kind: ImportKind;
  file: string;
  path: string;
  file_size: number;
  format: SourceFormat;
  encoding: string;
  delimiter: string | null;
  sheet: string | null;
  tz: string | null;
  headers: string;
  mapping: string;
  ignored_columns: string;
  layout_key: string;
  status: BatchStatus;
  rows: number;
  accepted: number;
  rejected: number;
  duplicates: number;
  issues: string;
  stores: string;
  owner_pid: number | null;
  heartbeat_at: number | null;
  created_at: number;
  committed_at: number | null;
  rolled_back_at: number | null;
  raw_purged_at: number | null;
}

export function iso(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString();
}

export function toSummary(row: BatchRow): BatchSummary {
  return {
    id: row.id,
    status: row.status,
    kind: row.kind,
    file: row.file,
    path: row.path,
    format: row.format,
    encoding: row.encoding,
    delimiter: row.delimiter,
    sheet: row.sheet,
    tz: row.tz,
    rows: row.rows,
    accepted: row.accepted,
    rejected: row.rejected,
    duplicates: row.duplicates,
    issues: JSON.parse(row.issues) as BatchSummary['issues'],
    stores: JSON.parse(row.stores) as BatchSummary['stores'],
    mapping: JSON.parse(row.mapping) as BatchSummary['mapping'],
    ignored_columns: JSON.parse(row.ignored_columns) as BatchSummary['ignored_columns'],
    created_at: iso(row.created_at)!,
    committed_at: iso(row.committed_at),
    rolled_back_at: iso(row.rolled_back_at),
    raw_purged_at: iso(row.raw_purged_at ?? null),
  };
}

export function findBatch(db: Db, id: number): BatchRow | undefined {
  return db.prepare('SELECT * FROM batches WHERE id = ?').get(id) as BatchRow | undefined;
}

export function getBatch(db: Db, id: number): BatchRow {
  const batch = findBatch(db, id);
  if (!batch) throw new ShopfloorError('batch_not_found', `there is no batch ${id} (see \`shopfloor batches\`)`);
  return batch;
}

/** Uploads a person made: tracking arrivals (opens, clicks) are batches too, but not listed here. */
export function listBatches(db: Db): BatchRow[] {
  return db.prepare("SELECT * FROM batches WHERE path NOT LIKE 'tracking:%' ORDER BY id").all() as BatchRow[];
}
