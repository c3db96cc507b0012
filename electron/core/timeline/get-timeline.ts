import { formatOffset } from '../../../shared/import/parse-time.ts';
import type { Params, Timeline, TimelineEvent } from '../../../shared/model/timeline.ts';
import { iso } from '../store/batch-repo.ts';
import type { Db } from '../store/open-store.ts';
import { getProfile } from '../users/find-users.ts';

interface EventRow {
  name: string;
  occurred_at: number;
  utc_offset: number;
  is_offline: number;
  params: string;
  batch_id: number;
  row_no: number;
  status: 'staged' | 'committed';
  committed_at: number | null;
}

function localIso(ms: number, offsetMinutes: number): string {
  return new Date(ms + offsetMinutes * 60_000).toISOString().replace('Z', formatOffset(offsetMinutes)).replace('.000', '');
}

/** PRODUCT.md §3: every event of a user, online and offline, staged ones marked, by occurred_at. */
export function getTimeline(db: Db, userId: string): Timeline {
  const rows = db.prepare(`SELECT e.name, e.occurred_at, e.utc_offset, e.is_offline, e.params, e.batch_id, e.row_no, b.status, b.committed_at
      FROM events e JOIN batches b ON b.id = e.batch_id
      WHERE e.user_id = ? AND b.status IN ('staged', 'committed')
      ORDER BY e.occurred_at, e.id`).all(userId) as EventRow[];
  const events: TimelineEvent[] = rows.map((row) => ({
    name: row.name,
    occurred_at: new Date(row.occurred_at).toISOString(),
    occurred_local: localIso(row.occurred_at, row.utc_offset),
    ingested_at: row.status === 'committed' ? iso(row.committed_at) : null,
    upload_lag_ms: row.status === 'committed' && row.committed_at !== null ? row.committed_at - row.occurred_at : null,
    is_offline: row.is_offline === 1,
    params: JSON.parse(row.params) as Params,
    batch_id: row.batch_id,
    row_no: row.row_no,
    status: row.status,
  }));
  return { user: getProfile(db, userId), staged_profile: stagedProfile(db, userId), events };
}

function stagedProfile(db: Db, userId: string): Record<string, unknown> | null {
  const updates = db.prepare(`SELECT r.data FROM batch_rows r JOIN batches b ON b.id = r.batch_id
      WHERE r.user_id = ? AND r.data IS NOT NULL AND r.outcome = 'accepted' AND b.status = 'staged'
      ORDER BY r.batch_id, r.row_no`).pluck().all(userId) as string[];
  if (updates.length === 0) return null;
  return Object.assign({}, ...updates.map((data) => JSON.parse(data) as Record<string, unknown>)) as Record<string, unknown>;
}
