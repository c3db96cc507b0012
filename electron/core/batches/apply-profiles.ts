import type { Db } from '../store/open-store.ts';

type Attrs = Record<string, unknown>;

/**
 * Applies a members batch's rows in file order (a later row for the same user updates the earlier
 * one; a blank cell leaves the attribute as it was) and records each touched profile's pre-image
 * and post-image for rollback. Returns the number of profiles touched.
 */
export function applyProfileUpdates(db: Db, batchId: number, now: number): number {
  const rows = db.prepare(`SELECT user_id, data FROM batch_rows WHERE batch_id = ? AND outcome = 'accepted' AND data IS NOT NULL ORDER BY row_no`)
    .iterate(batchId) as IterableIterator<{ user_id: string; data: string }>;
  const select = db.prepare('SELECT attrs FROM users WHERE user_id = ?').pluck();
  const touched = new Map<string, { before: string | null; after: Attrs }>();
  for (const row of rows) {
    let entry = touched.get(row.user_id);
    if (entry === undefined) {
      const before = (select.get(row.user_id) as string | undefined) ?? null;
      entry = { before, after: before === null ? {} : (JSON.parse(before) as Attrs) };
      touched.set(row.user_id, entry);
    }
    Object.assign(entry.after, JSON.parse(row.data) as Attrs);
  }
  const upsert = db.prepare(`INSERT INTO users (user_id, attrs, created_at, updated_at) VALUES (?, ?, ?, ?)
    ON CONFLICT (user_id) DO UPDATE SET attrs = excluded.attrs, updated_at = excluded.updated_at`);
  const record = db.prepare('INSERT INTO profile_changes (batch_id, user_id, before, after) VALUES (?, ?, ?, ?)');
  for (const [userId, { before, after }] of touched) {
    const attrs = JSON.stringify(after);
    upsert.run(userId, attrs, now, now);
    record.run(batchId, userId, before, attrs);
  }
  return touched.size;
}
