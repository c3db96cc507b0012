import type { Clock } from '../clock.ts';
import { ShopfloorError } from '../errors.ts';
import { getBatch } from '../store/batch-repo.ts';
import { diskFullError, isDiskFull } from '../store/disk-full.ts';
import type { Db } from '../store/open-store.ts';
import { applyProfileUpdates } from './apply-profiles.ts';

export interface CommitResult {
  id: number;
  events: number;
  profiles: number;
}

/**
 * Makes a staged batch part of the store in one transaction: its events become visible to journeys
 * (their ingested_at is this moment), members rows update profiles with a recorded pre-image, and
 * the mapping it used is remembered for its layout.
 */
export function commitBatch(db: Db, clock: Clock, id: number): CommitResult {
  try {
    return commitInTransaction(db, clock, id);
  } catch (error) {
    if (isDiskFull(error)) throw diskFullError(`batch ${id} was not committed (it is still staged, as it was)`);
    throw error;
  }
}

function commitInTransaction(db: Db, clock: Clock, id: number): CommitResult {
  return db.transaction((): CommitResult => {
    const batch = getBatch(db, id);
    if (batch.status !== 'staged') {
      throw new ShopfloorError('batch_not_staged', `batch ${id} is ${batch.status.replace('_', ' ')}, only a staged batch can be committed`);
    }
    const now = commitInstant(db, clock);
    const profiles = batch.kind === 'members' ? applyProfileUpdates(db, id, now) : 0;
    const events = db.prepare('SELECT count(*) FROM events WHERE batch_id = ?').pluck().get(id) as number;
    db.prepare(`UPDATE batches SET status = 'committed', committed_at = ?,
        commit_seq = (SELECT coalesce(max(commit_seq), 0) + 1 FROM batches) WHERE id = ?`).run(now, id);
    db.prepare(`INSERT INTO layouts (layout_key, kind, headers, mapping, tz, confirmed_at) VALUES (?, ?, ?, ?, ?, ?)
      ON CONFLICT (layout_key) DO UPDATE SET kind = excluded.kind, headers = excluded.headers, mapping = excluded.mapping,
        tz = coalesce(excluded.tz, layouts.tz), confirmed_at = excluded.confirmed_at`)
      .run(batch.layout_key, batch.kind, batch.headers, batch.mapping, batch.tz, now);
    return { id, events, profiles };
  }).immediate();
}

/**
 * The upload time of a commit: now, but never before the last commit. The engine reads batches in commit
 * order as their upload times, so a wall clock set back (or a zone change on the PC) must not reorder them.
 */
export function commitInstant(db: Db, clock: Clock): number {
  const last = db.prepare('SELECT max(committed_at) FROM batches').pluck().get() as number | null;
  return Math.max(clock.now(), last ?? -Infinity);
}

export function stagedBatchIds(db: Db): number[] {
  return db.prepare("SELECT id FROM batches WHERE status = 'staged' ORDER BY id").pluck().all() as number[];
}
