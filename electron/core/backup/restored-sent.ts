import crypto from 'node:crypto';
import type { Db } from '../store/open-store.ts';

// A message is the same message in two copies of a store when its journey, customer, run number and step
// match (the engine replays a run the same way); row ids and provider keys may differ between copies.
const KEY_SQL = "m.journey_id || ':' || r.user_id || ':' || r.seq || ':' || m.step";

export function hashMessageKey(key: string): string {
  return crypto.createHash('sha256').update(key).digest('hex');
}

/** Message keys of a store (attached as `schema`) whose messages went out or may have: sent, being sent, or unknown. */
export function sentMessageKeys(db: Db, schema: string): Set<string> {
  return new Set(db.prepare(`SELECT ${KEY_SQL} FROM ${schema}.messages m JOIN ${schema}.journey_runs r ON r.id = m.run_id
      WHERE m.status IN ('sent', 'sending', 'unknown')`).pluck().all() as string[]);
}

/**
 * Called before each dispatch: a message due now that the store had already sent before it was restored
 * from an older backup becomes `unknown` (a person checks with the provider) rather than going out again.
 * Only messages due by `now` are looked at: the list of earlier sends stays after a restore, and every
 * tick hashing every message scheduled for later would cost the loop more the longer the outbox grows.
 */
export function markSentBeforeRestore(db: Db, now: number): number {
  if (db.prepare('SELECT 1 FROM restored_sent LIMIT 1').get() === undefined) return 0;
  const scheduled = db.prepare(`SELECT m.id, ${KEY_SQL} AS key FROM messages m JOIN journey_runs r ON r.id = m.run_id
      WHERE m.status = 'scheduled' AND m.due_at <= ?`).all(now) as Array<{ id: number; key: string }>;
  const known = db.prepare('SELECT 1 FROM restored_sent WHERE key_hash = ?');
  const mark = db.prepare(`UPDATE messages SET status = 'unknown', last_error = ? WHERE id = ? AND status = 'scheduled'`);
  let marked = 0;
  for (const message of scheduled) {
    if (known.get(hashMessageKey(message.key)) !== undefined) marked += mark.run(SENT_BEFORE_RESTORE, message.id).changes;
  }
  return marked;
}

export const SENT_BEFORE_RESTORE = 'the store was restored from a backup and this message had already been sent before: check with the provider, then retry or mark it sent';
