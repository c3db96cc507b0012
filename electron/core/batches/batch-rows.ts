import { formatOffset } from '../../../shared/import/parse-time.ts';
import type { RowIssue } from '../../../shared/model/issue-codes.ts';
import { getBatch } from '../store/batch-repo.ts';
import type { Db } from '../store/open-store.ts';
import { describeIssue } from './rejected-rows.ts';

export interface BatchRowView {
  row: number;
  outcome: 'accepted' | 'rejected' | 'duplicate';
  codes: string[];
  reasons: string[];
  cells: string[];
}

interface MergedRow {
  row_no: number;
  outcome: BatchRowView['outcome'];
  issues: string;
  raw: string | null;
  name: string | null;
  user_id: string | null;
  occurred_at: number | null;
  utc_offset: number | null;
  params: string | null;
}

function localTime(ms: number, offsetMinutes: number): string {
  return new Date(ms + offsetMinutes * 60_000).toISOString().slice(0, 19).replace('T', ' ') + formatOffset(offsetMinutes);
}

/**
 * A page of a batch's rows in file order, for the review grid. Rows that became events are not kept
 * as raw text: they are shown from the event, as read (`¥1,280` shows as 1280).
 */
export function listBatchRows(db: Db, batchId: number, options: { outcome?: 'all' | BatchRowView['outcome']; code?: string; offset?: number; limit?: number })
  : { total: number; headers: string[]; rows: BatchRowView[] } {
  const batch = getBatch(db, batchId);
  const headers = JSON.parse(batch.headers) as string[];
  const mapping = JSON.parse(batch.mapping) as Record<string, string>;
  const columnOf = new Map(Object.entries(mapping).map(([name, header]) => [headers.indexOf(header), name]));
  const outcome = options.outcome ?? 'all';
  const limit = options.limit ?? 100;
  const offset = options.offset ?? 0;
  const kept = `SELECT row_no, outcome, issues, raw, NULL AS name, NULL AS user_id, NULL AS occurred_at, NULL AS utc_offset, NULL AS params
      FROM batch_rows WHERE batch_id = @id`;
  const fromEvents = `SELECT e.row_no, 'accepted' AS outcome, '[]' AS issues, NULL AS raw, e.name, e.user_id, e.occurred_at, e.utc_offset, e.params
      FROM events e WHERE e.batch_id = @id AND NOT EXISTS (SELECT 1 FROM batch_rows r WHERE r.batch_id = e.batch_id AND r.row_no = e.row_no)`;
  let sql: string;
  let total: number;
  const params: Record<string, unknown> = { id: batchId, limit, offset };
  if (options.code !== undefined) {
    params.code = options.code;
    const where = `batch_id = @id AND EXISTS (SELECT 1 FROM json_each(issues) WHERE json_extract(value, '$.code') = @code)${outcome === 'all' ? '' : ' AND outcome = @outcome'}`;
    if (outcome !== 'all') params.outcome = outcome;
    total = db.prepare(`SELECT count(*) FROM batch_rows WHERE ${where}`).pluck().get(params) as number;
    sql = `${kept} AND ${where.replace('batch_id = @id AND ', '')} ORDER BY row_no LIMIT @limit OFFSET @offset`;
  } else if (outcome === 'all') {
    total = batch.rows;
    sql = `${kept} UNION ALL ${fromEvents} ORDER BY row_no LIMIT @limit OFFSET @offset`;
  } else if (outcome === 'accepted') {
    total = batch.accepted;
    sql = `${kept} AND outcome = 'accepted' UNION ALL ${fromEvents} ORDER BY row_no LIMIT @limit OFFSET @offset`;
  } else {
    params.outcome = outcome;
    total = db.prepare('SELECT count(*) FROM batch_rows WHERE batch_id = @id AND outcome = @outcome').pluck().get(params) as number;
    sql = `${kept} AND outcome = @outcome ORDER BY row_no LIMIT @limit OFFSET @offset`;
  }
  const rows = (db.prepare(sql).all(params) as MergedRow[]).map((row): BatchRowView => {
    const issues = JSON.parse(row.issues) as RowIssue[];
    let cells: string[];
    if (row.raw !== null) {
      cells = JSON.parse(row.raw) as string[];
    } else {
      const values = JSON.parse(row.params ?? '{}') as Record<string, unknown>;
      cells = headers.map((_, index) => {
        const name = columnOf.get(index);
        if (name === undefined) return '';
        if (name === 'user_id') return row.user_id ?? '';
        if (name === 'occurred_at') return row.occurred_at === null ? '' : localTime(row.occurred_at, row.utc_offset ?? 0);
        if (name === 'event_name') return row.name ?? '';
        const value = Object.prototype.hasOwnProperty.call(values, name) ? values[name] : undefined;
        return value === undefined ? '' : String(value);
      });
    }
    return { row: row.row_no, outcome: row.outcome, codes: [...new Set(issues.map((issue) => issue.code))], reasons: issues.map(describeIssue), cells };
  });
  return { total, headers, rows };
}

/** What undoing a batch removes, for the confirmation the user reads first. */
export function rollbackPreview(db: Db, batchId: number): { id: number; status: string; file: string; events: number; profiles: number; profiles_purged_at: string | null } {
  const batch = getBatch(db, batchId);
  const events = db.prepare('SELECT count(*) FROM events WHERE batch_id = ?').pluck().get(batchId) as number;
  const profiles = batch.status === 'committed'
    ? db.prepare('SELECT count(*) FROM profile_changes WHERE batch_id = ?').pluck().get(batchId) as number
    : 0;
  // Retention removed the pre-images: undoing the batch no longer restores the profiles it changed.
  const purged = batch.kind === 'members' && batch.raw_purged_at !== null ? new Date(batch.raw_purged_at).toISOString() : null;
  return { id: batchId, status: batch.status, file: batch.file, events, profiles, profiles_purged_at: purged };
}
