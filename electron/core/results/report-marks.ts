import crypto from 'node:crypto';
import type { Db } from '../store/open-store.ts';

const batchState = `(SELECT coalesce(max(commit_seq), 0) || '.' || total(status = 'rolled_back') || '.' || coalesce(max(rolled_back_at), 0) FROM batches)`;

/** Changes when a batch is committed or rolled back: what the measured upload lag depends on. */
export function reportBatchToken(db: Db): string {
  return db.prepare(`SELECT ${batchState}`).pluck().get() as string;
}

/**
 * Changes whenever anything a journey's report reads may have changed: a batch committed or rolled
 * back (events, profiles and so stores), the journey edited, a run started or removed (an erasure), a
 * message sent or recorded as would-have-sent. Cheap (a few index counts), so a report can be served
 * from memory while it stays the same.
 */
export function reportInputToken(db: Db, journeyId: number): string {
  return db.prepare(`SELECT ${batchState}
      || '|' || (SELECT updated_at FROM journeys WHERE id = @id)
      || '|' || (SELECT count(*) || '.' || coalesce(max(id), 0) FROM journey_runs WHERE journey_id = @id)
      || '|' || (SELECT count(*) || '.' || coalesce(max(id), 0) FROM messages WHERE journey_id = @id AND status = 'sent')
      || '|' || (SELECT count(*) || '.' || coalesce(max(id), 0) FROM messages WHERE journey_id = @id AND status = 'skipped')`).pluck().get({ id: journeyId }) as string;
}

/** A fingerprint of a report's results (its aggregates by day, store and message, before the clock is read). */
export function resultsFingerprint(results: unknown): string {
  return crypto.createHash('sha256').update(JSON.stringify(results)).digest('base64url');
}

/** The latest instant data was removed from the store (rollbacks; erasures where the store records them). */
function latestRemoval(db: Db, after: number): number | null {
  const rollback = db.prepare("SELECT max(rolled_back_at) FROM batches WHERE status = 'rolled_back' AND rolled_back_at > ?").pluck().get(after) as number | null;
  // Erasure (issue 12) keeps an anonymised log with its time; read it where this store has one.
  const hasErasures = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'erasures'").get() !== undefined;
  const erasure = hasErasures ? db.prepare('SELECT max(at) FROM erasures WHERE at > ?').pluck().get(after) as number | null : null;
  return rollback === null ? erasure : erasure === null ? rollback : Math.max(rollback, erasure);
}

/**
 * When the report's results last changed, kept per journey with a fingerprint of them. An arrival
 * (an entry, a send, a goal event uploaded late) is dated from the data itself; a removal (a rollback,
 * an erasure) leaves nothing behind to date it by, so a changed fingerprint that no arrival explains is
 * dated by the latest removal after the previous change — or, failing that, by `now`, when it was seen.
 */
export function markResultsChange(db: Db, journeyId: number, fingerprint: string, latestArrival: number | null, since: number, now: number): number {
  const mark = db.prepare('SELECT fingerprint, changed_at FROM journey_report_marks WHERE journey_id = ?').get(journeyId) as
    { fingerprint: string; changed_at: number } | undefined;
  if (mark?.fingerprint === fingerprint) return mark.changed_at;
  const previous = mark?.changed_at ?? since;
  const arrival = latestArrival ?? since;
  const removal = latestRemoval(db, previous);
  let changedAt = Math.max(arrival, removal ?? -Infinity);
  if (mark && changedAt <= previous) changedAt = now;
  db.prepare(`INSERT INTO journey_report_marks (journey_id, fingerprint, changed_at) VALUES (?, ?, ?)
      ON CONFLICT (journey_id) DO UPDATE SET fingerprint = excluded.fingerprint, changed_at = excluded.changed_at`).run(journeyId, fingerprint, changedAt);
  return changedAt;
}
