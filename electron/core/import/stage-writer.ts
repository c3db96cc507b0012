import type { StoreQuality } from '../../../shared/model/batch.ts';
import type { RowIssue } from '../../../shared/model/issue-codes.ts';
import type { Clock } from '../clock.ts';
import { loadErasedIds, type ErasedIds } from '../privacy/user-hash.ts';
import type { Db } from '../store/open-store.ts';
import type { ChunkCounts, KeptRow, StagedChunk } from './staged-chunk.ts';

export interface StageCounts {
  rows: number;
  accepted: number;
  rejected: number;
  duplicates: number;
  issues: Record<string, number>;
  /** Keyed by the store id as written in the file: a Map, since a file may say `__proto__`. */
  stores: Map<string, StoreQuality>;
}

// Rows per transaction. A random-order index (user_id, occurred_at) dirties most of its pages in every
// transaction, and each commit writes them all to the WAL again: few large transactions cost far less.
const ROWS_PER_TRANSACTION = 100_000;

/**
 * Writes one batch's staged chunks with prepared statements inside long transactions that span
 * chunks. The import owns its connection, so a transaction may stay open across awaits. An event
 * whose dedup key is already in the store (or earlier in this file) becomes a `duplicate` row here.
 */
export class StageWriter {
  readonly counts: StageCounts = { rows: 0, accepted: 0, rejected: 0, duplicates: 0, issues: {}, stores: new Map() };
  private readonly insertEvent;
  private readonly insertRow;
  private readonly insertType;
  private readonly findDuplicate;
  private readonly heartbeat;
  private readonly erased: ErasedIds | null;
  private rowsInTransaction = 0;

  constructor(private readonly db: Db, private readonly batchId: number, private readonly clock: Clock) {
    this.insertEvent = db.prepare(`INSERT INTO events (batch_id, row_no, user_id, name, occurred_at, utc_offset, is_offline, params, dedup_key)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (dedup_key) DO NOTHING`);
    this.insertRow = db.prepare('INSERT INTO batch_rows (batch_id, row_no, outcome, issues, raw, user_id, data) VALUES (?, ?, ?, ?, ?, ?, ?)');
    this.insertType = db.prepare('INSERT OR IGNORE INTO attribute_types (scope, name, type) VALUES (?, ?, ?)');
    this.findDuplicate = db.prepare('SELECT batch_id, row_no FROM events WHERE dedup_key = ?');
    this.heartbeat = db.prepare('UPDATE batches SET heartbeat_at = ? WHERE id = ?');
    this.erased = loadErasedIds(db);
  }

  write(chunk: StagedChunk): void {
    if (!this.db.inTransaction) this.db.exec('BEGIN IMMEDIATE');
    this.addCounts(chunk.counts);
    // Clean events and kept rows are merged back into file order: of two rows with one dedup key,
    // the later one is the duplicate.
    const events = chunk.events;
    const kept = chunk.kept;
    let next = 0;
    for (let index = 0; index < events.rowNo.length; index++) {
      const rowNo = events.rowNo[index]!;
      while (next < kept.length && kept[next]!.rowNo < rowNo) this.writeKept(kept[next++]!);
      if (this.erased?.has(events.userId[index]!)) {
        this.writeErased(rowNo, false);
        continue;
      }
      const result = this.insertEvent.run(this.batchId, rowNo, events.userId[index], events.name[index], events.occurredAt[index],
        events.offsetMinutes[index], events.isOffline[index], events.params[index], events.dedupKey[index]);
      if (result.changes === 0) this.writeDuplicate(rowNo, events.dedupKey[index]!, [], events.raw[index]!);
    }
    while (next < kept.length) this.writeKept(kept[next++]!);
    for (const [scope, name, type] of chunk.newTypes) this.insertType.run(scope, name, type);

    this.rowsInTransaction += chunk.counts.rows;
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

  private writeKept(row: KeptRow): void {
    const userId = row.event?.userId ?? row.profile?.userId;
    if (userId !== undefined && this.erased?.has(userId)) {
      this.writeErased(row.rowNo, row.rejected);
      return;
    }
    const event = row.event;
    if (event) {
      const result = this.insertEvent.run(this.batchId, row.rowNo, event.userId, event.name, event.occurredAt, event.offsetMinutes,
        event.isOffline, event.params, event.dedupKey);
      if (result.changes === 0) {
        this.writeDuplicate(row.rowNo, event.dedupKey, row.issues, row.raw);
        return;
      }
    }
    this.insertRow.run(this.batchId, row.rowNo, row.rejected ? 'rejected' : 'accepted', JSON.stringify(row.issues), row.raw,
      row.profile?.userId ?? null, row.profile?.data ?? null);
  }

  private writeDuplicate(rowNo: number, dedupKey: string, issues: RowIssue[], raw: string): void {
    const original = this.findDuplicate.get(dedupKey) as { batch_id: number; row_no: number } | undefined;
    const detail = original === undefined ? undefined
      : original.batch_id === this.batchId ? `same as row ${original.row_no}` : `same as row ${original.row_no} of batch ${original.batch_id}`;
    issues.push(detail === undefined ? { code: 'duplicate' } : { code: 'duplicate', detail });
    this.insertRow.run(this.batchId, rowNo, 'duplicate', JSON.stringify(issues), raw, null, null);
    // The stager counted the row accepted; it is a duplicate.
    this.counts.accepted -= 1;
    this.counts.duplicates += 1;
    this.counts.issues.duplicate = (this.counts.issues.duplicate ?? 0) + 1;
  }

  /**
   * A row of an erased customer: rejected with `erased_user`, and nothing of it kept (no cells, no
   * values in its issues), since keeping it would undo the erasure.
   */
  private writeErased(rowNo: number, alreadyRejected: boolean): void {
    this.insertRow.run(this.batchId, rowNo, 'rejected', JSON.stringify([{ code: 'erased_user' }]), '[]', null, null);
    if (!alreadyRejected) {
      this.counts.accepted -= 1;
      this.counts.rejected += 1;
    }
    this.counts.issues.erased_user = (this.counts.issues.erased_user ?? 0) + 1;
  }

  private addCounts(counts: ChunkCounts): void {
    const total = this.counts;
    total.rows += counts.rows;
    total.accepted += counts.accepted;
    total.rejected += counts.rejected;
    for (const [code, number] of Object.entries(counts.issues)) total.issues[code] = (total.issues[code] ?? 0) + number;
    for (const [store, quality] of counts.stores) {
      const sum = total.stores.get(store) ?? { rows: 0, missing_user_id: 0, rate: 0 };
      sum.rows += quality.rows;
      sum.missing_user_id += quality.missing_user_id;
      sum.rate = sum.missing_user_id / sum.rows;
      total.stores.set(store, sum);
    }
  }
}
