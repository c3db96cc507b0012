import type { StoreQuality } from '../../../shared/model/batch.ts';
import type { RowIssue } from '../../../shared/model/issue-codes.ts';
import type { EventRecord, ProfileRecord } from '../../../shared/import/validate-row.ts';
import type { Clock } from '../clock.ts';
import type { Db } from '../store/open-store.ts';

export type Outcome = 'accepted' | 'rejected' | 'duplicate';

export interface StagedRow {
  rowNo: number;
  cells: readonly string[];
  issues: RowIssue[];
  rejected: boolean;
  event?: EventRecord | null;
  profile?: ProfileRecord | null;
  store?: string | undefined;
}

export interface StageCounts {
  rows: number;
  accepted: number;
  rejected: number;
  duplicates: number;
  issues: Record<string, number>;
  /** Keyed by the store id as written in the file: a Map, since a file may say `__proto__`. */
  stores: Map<string, StoreQuality>;
}

// Kept raw cells are capped so a hostile 10 MB cell does not land in the database whole.
const MAX_KEPT_CELL = 4096;

function keepRaw(cells: readonly string[]): string {
  return JSON.stringify(cells.map((cell) => (cell.length > MAX_KEPT_CELL ? `${cell.slice(0, MAX_KEPT_CELL)}…[${cell.length} characters]` : cell)));
}

// Rows per transaction. A random-order index (user_id, occurred_at) dirties most of its pages in every
// transaction, and each commit writes them all to the WAL again: few large transactions cost far less.
const ROWS_PER_TRANSACTION = 100_000;

/**
 * Writes one batch's rows with prepared statements inside long transactions that span reader chunks.
 * The import owns its connection, so a transaction may stay open across awaits.
 */
export class StageWriter {
  readonly counts: StageCounts = { rows: 0, accepted: 0, rejected: 0, duplicates: 0, issues: {}, stores: new Map() };
  private readonly insertEvent;
  private readonly insertRow;
  private readonly findDuplicate;
  private readonly heartbeat;
  private rowsInTransaction = 0;

  constructor(private readonly db: Db, private readonly batchId: number, private readonly clock: Clock) {
    this.insertEvent = db.prepare(`INSERT INTO events (batch_id, row_no, user_id, name, occurred_at, utc_offset, is_offline, params, dedup_key)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (dedup_key) DO NOTHING`);
    this.insertRow = db.prepare('INSERT INTO batch_rows (batch_id, row_no, outcome, issues, raw, user_id, data) VALUES (?, ?, ?, ?, ?, ?, ?)');
    this.findDuplicate = db.prepare('SELECT batch_id, row_no FROM events WHERE dedup_key = ?');
    this.heartbeat = db.prepare('UPDATE batches SET heartbeat_at = ? WHERE id = ?');
  }

  /** Writes rows; `alsoWrite` runs in the same transaction (e.g. attribute types the rows fixed). */
  write(rows: readonly StagedRow[], alsoWrite: () => void): void {
    if (!this.db.inTransaction) this.db.exec('BEGIN IMMEDIATE');
    for (const row of rows) this.writeRow(row);
    alsoWrite();
    this.rowsInTransaction += rows.length;
    if (this.rowsInTransaction >= ROWS_PER_TRANSACTION) {
      this.heartbeat.run(this.clock.now(), this.batchId);
      this.db.exec('COMMIT');
      this.rowsInTransaction = 0;
    }
  }

  /** Runs the final statements and commits them with the last rows. */
  finish(finalize: () => void): void {
    if (!this.db.inTransaction) this.db.exec('BEGIN IMMEDIATE');
    finalize();
    this.db.exec('COMMIT');
  }

  /** Drops the rows of the open transaction (earlier ones are removed with the batch). */
  abort(): void {
    if (this.db.inTransaction) this.db.exec('ROLLBACK');
  }

  private writeRow(row: StagedRow): void {
    let outcome: Outcome = row.rejected ? 'rejected' : 'accepted';
    const issues = row.issues;
    if (!row.rejected && row.event) {
      const event = row.event;
      const result = this.insertEvent.run(this.batchId, row.rowNo, event.userId, event.name, event.occurredAt, event.offsetMinutes,
        event.isOffline ? 1 : 0, JSON.stringify(event.params), event.dedupKey);
      if (result.changes === 0) {
        outcome = 'duplicate';
        const original = this.findDuplicate.get(event.dedupKey) as { batch_id: number; row_no: number } | undefined;
        const detail = original === undefined ? undefined
          : original.batch_id === this.batchId ? `same as row ${original.row_no}` : `same as row ${original.row_no} of batch ${original.batch_id}`;
        issues.push(detail === undefined ? { code: 'duplicate' } : { code: 'duplicate', detail });
      }
    }
    const profile = row.profile;
    if (outcome !== 'accepted' || issues.length > 0 || profile) {
      this.insertRow.run(this.batchId, row.rowNo, outcome, JSON.stringify(issues), keepRaw(row.cells),
        profile?.userId ?? null, profile && outcome === 'accepted' ? JSON.stringify(profile.attrs) : null);
    }
    this.count(row, outcome, issues);
  }

  private count(row: StagedRow, outcome: Outcome, issues: readonly RowIssue[]): void {
    const counts = this.counts;
    counts.rows += 1;
    if (outcome === 'accepted') counts.accepted += 1;
    else if (outcome === 'rejected') counts.rejected += 1;
    else counts.duplicates += 1;
    const codes = new Set(issues.map((issue) => issue.code));
    for (const code of codes) counts.issues[code] = (counts.issues[code] ?? 0) + 1;
    if (row.store !== undefined && !codes.has('footer_row') && !codes.has('repeated_header')) {
      let quality = counts.stores.get(row.store);
      if (quality === undefined) {
        quality = { rows: 0, missing_user_id: 0, rate: 0 };
        counts.stores.set(row.store, quality);
      }
      quality.rows += 1;
      if (codes.has('missing_user_id')) quality.missing_user_id += 1;
      quality.rate = quality.missing_user_id / quality.rows;
    }
  }
}
