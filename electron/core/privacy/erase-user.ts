import os from 'node:os';
import type { Clock } from '../clock.ts';
import { ShopfloorError } from '../errors.ts';
import type { Db } from '../store/open-store.ts';
import { upstreamConfigured } from '../sync/upstream-settings.ts';
import { scrubQueuedUploads } from './scrub-uploads.ts';
import { queueUpstreamErasure } from './upstream-erasures.ts';
import { hashUserId, privacySalt } from './user-hash.ts';

export interface ErasureCounts {
  events_removed: number;
  raw_rows_removed: number;
  profile_images_removed: number;
  profile_removed: boolean;
  runs_removed: number;
  messages_removed: number;
  messages_sent_kept_anonymised: number;
  traces_removed: number;
  uploads_scrubbed: number;
}

export interface ErasureResult extends ErasureCounts {
  user_id: string;
  user_hash: string;
  upstream_deletion_queued: boolean;
}

// A kept row's cells replaced by nothing, its issues (which quote cell values) by the reason it is empty.
const REDACTED_ISSUES = JSON.stringify([{ code: 'erased_user' }]);

/**
 * Kept rows (rejected, duplicate, members rows) that belong to the user: found by the id anywhere in the
 * raw cells, then confirmed in the batch's user_id column, so another customer's row is never touched.
 */
function rowsOfUser(db: Db, userId: string): number[] {
  const candidates = db.prepare(`SELECT r.id, r.raw, r.user_id, b.headers, b.mapping FROM batch_rows r JOIN batches b ON b.id = r.batch_id
      WHERE r.user_id = ? OR instr(r.raw, ?) > 0`).all(userId, userId) as Array<{ id: number; raw: string; user_id: string | null; headers: string; mapping: string }>;
  return candidates.filter((row) => {
    if (row.user_id === userId) return true;
    const header = (JSON.parse(row.mapping) as Record<string, string>).user_id;
    const column = header === undefined ? -1 : (JSON.parse(row.headers) as string[]).indexOf(header);
    const cells = JSON.parse(row.raw) as unknown[];
    return column >= 0 && typeof cells[column] === 'string' && (cells[column] as string).trim() === userId;
  }).map((row) => row.id);
}

// journey_runs and journey_traces are indexed by journey first: naming the journeys lets SQLite use the index.
const BY_JOURNEY = 'journey_id IN (SELECT id FROM journeys) AND user_id = ?';

/** What erasing would remove, without changing anything (what `erase` without `--yes` prints). */
export function previewErasure(db: Db, userId: string): ErasureCounts & { user_id: string; upstream_deletion_queued: boolean } {
  const count = (sql: string, ...params: unknown[]) => db.prepare(sql).pluck().get(...params) as number;
  const sent = count("SELECT count(*) FROM messages WHERE user_id = ? AND status = 'sent'", userId);
  return {
    user_id: userId,
    events_removed: count('SELECT count(*) FROM events WHERE user_id = ?', userId),
    raw_rows_removed: rowsOfUser(db, userId).length,
    profile_images_removed: count('SELECT count(*) FROM profile_changes WHERE user_id = ?', userId),
    profile_removed: count('SELECT count(*) FROM users WHERE user_id = ?', userId) > 0,
    runs_removed: count(`SELECT count(*) FROM journey_runs WHERE ${BY_JOURNEY}`, userId),
    messages_removed: count('SELECT count(*) FROM messages WHERE user_id = ?', userId) - sent,
    messages_sent_kept_anonymised: sent,
    traces_removed: count(`SELECT count(*) FROM journey_traces WHERE ${BY_JOURNEY}`, userId),
    uploads_scrubbed: 0,
    upstream_deletion_queued: upstreamConfigured(db)?.delete_users_path != null,
  };
}

/**
 * Forgets a customer (APPI/GDPR), in one transaction: their events, profile, profile pre-images, kept
 * raw rows, journey runs, traces and outbox messages go (messages already sent stay only as counts per
 * journey node), uploads not yet sent upstream lose their rows, and the id is suppressed: a later import
 * of it is rejected with `erased_user` until lifted. The audit log keeps a salted hash of the id, the
 * time, who, why and the counts — no personal data. With `secure_delete` on and the WAL checkpointed
 * afterwards, the deleted values are gone from the database files, not just unlinked.
 */
export function eraseUser(db: Db, clock: Clock, userId: string, options: { reason?: string; by?: string; spoolDir: string }): ErasureResult {
  const id = userId.trim();
  if (id.length === 0) throw new ShopfloorError('bad_option', 'give the user_id of the customer to erase');
  const result = db.transaction((): ErasureResult => {
    const now = clock.now();
    const hash = hashUserId(privacySalt(db), id);
    const counts = removeUserTraces(db, id);
    const erasureId = Number(db.prepare('INSERT INTO erasures (user_hash, at, by, reason, counts) VALUES (?, ?, ?, ?, ?)')
      .run(hash, now, options.by ?? operator(), options.reason?.slice(0, 500) ?? null, JSON.stringify(counts)).lastInsertRowid);
    const config = upstreamConfigured(db);
    const queued = config?.delete_users_path != null ? queueUpstreamErasure(db, now, erasureId, id, options.spoolDir) : false;
    return { user_id: id, user_hash: hash, ...counts, upstream_deletion_queued: queued };
  }).immediate();
  // The deleted pages' old versions sit in the WAL until a checkpoint writes the zeroed pages back.
  db.pragma('wal_checkpoint(TRUNCATE)');
  return result;
}

/** Removes what the store holds about one user id (inside the caller's transaction); no audit entry. */
export function removeUserTraces(db: Db, id: string): ErasureCounts {
  const events = db.prepare('DELETE FROM events WHERE user_id = ?').run(id).changes;
  const redact = db.prepare('UPDATE batch_rows SET raw = \'[]\', issues = ?, user_id = NULL, data = NULL WHERE id = ?');
  const rows = rowsOfUser(db, id);
  for (const row of rows) redact.run(REDACTED_ISSUES, row);
  const images = db.prepare('DELETE FROM profile_changes WHERE user_id = ?').run(id).changes;
  const profile = db.prepare('DELETE FROM users WHERE user_id = ?').run(id).changes > 0;

  db.prepare(`INSERT INTO erased_sends (journey_id, node_id, channel, sent)
      SELECT journey_id, node_id, channel, count(*) FROM messages WHERE user_id = ? AND status = 'sent' GROUP BY journey_id, node_id, channel
      ON CONFLICT (journey_id, node_id, channel) DO UPDATE SET sent = sent + excluded.sent`).run(id);
  const sent = db.prepare("SELECT count(*) FROM messages WHERE user_id = ? AND status = 'sent'").pluck().get(id) as number;
  db.prepare('DELETE FROM message_attempts WHERE message_id IN (SELECT id FROM messages WHERE user_id = ?)').run(id);
  const messages = db.prepare('DELETE FROM messages WHERE user_id = ?').run(id).changes;
  const traces = db.prepare(`DELETE FROM journey_traces WHERE ${BY_JOURNEY}`).run(id).changes;
  // Explicitly, not by the foreign key's cascade: a restore applies erasures again with foreign keys off.
  db.prepare(`DELETE FROM journey_run_outcomes WHERE run_id IN (SELECT id FROM journey_runs WHERE ${BY_JOURNEY})`).run(id);
  const runs = db.prepare(`DELETE FROM journey_runs WHERE ${BY_JOURNEY}`).run(id).changes;
  db.prepare(`DELETE FROM journey_entries WHERE ${BY_JOURNEY}`).run(id);
  const scrubbed = scrubQueuedUploads(db, id);
  return {
    events_removed: events, raw_rows_removed: rows.length, profile_images_removed: images, profile_removed: profile, runs_removed: runs,
    messages_removed: messages - sent, messages_sent_kept_anonymised: sent, traces_removed: traces, uploads_scrubbed: scrubbed,
  };
}

/** Lets an erased id be imported again. Returns how many erasures were lifted (0: the id was not erased). */
export function liftErasure(db: Db, clock: Clock, userId: string): number {
  const hash = hashUserId(privacySalt(db), userId.trim());
  const lifted = db.prepare('UPDATE erasures SET lifted_at = ? WHERE user_hash = ? AND lifted_at IS NULL').run(clock.now(), hash).changes;
  if (lifted === 0) throw new ShopfloorError('not_erased', 'this user_id is not erased (see `shopfloor erasures`)');
  return lifted;
}

export interface ErasureEntry {
  id: number;
  user_hash: string;
  at: string;
  by: string | null;
  reason: string | null;
  counts: ErasureCounts;
  lifted_at: string | null;
}

export function listErasures(db: Db): ErasureEntry[] {
  const rows = db.prepare('SELECT id, user_hash, at, by, reason, counts, lifted_at FROM erasures ORDER BY id').all() as
    Array<{ id: number; user_hash: string; at: number; by: string | null; reason: string | null; counts: string; lifted_at: number | null }>;
  return rows.map((row) => ({
    ...row, at: new Date(row.at).toISOString(), counts: JSON.parse(row.counts) as ErasureCounts,
    lifted_at: row.lifted_at === null ? null : new Date(row.lifted_at).toISOString(),
  }));
}

/** Who erased: the OS account running Shopfloor (the audit log's "who"), never the customer. */
function operator(): string | null {
  try {
    return os.userInfo().username;
  } catch {
    return null;
  }
}
