import { isDeepStrictEqual } from 'node:util';
import type { Clock } from '../clock.ts';
import { ShopfloorError } from '../errors.ts';
import { getBatch } from '../store/batch-repo.ts';
import type { Db } from '../store/open-store.ts';

export interface RollbackResult {
  rolled_back: number;
  events_removed: number;
  profiles_restored: number;
  /** Retention removed this batch's profile pre-images (when): the profiles it changed keep their values. */
  profiles_purged_at: string | null;
}

type Attrs = Record<string, unknown>;

/**
 * Undoes a staged or committed batch in one transaction: its events are removed and each profile it
 * changed is restored from the pre-image — attribute by attribute, and only where the value is still
 * the one this batch wrote, so a later batch's change to the same profile is not undone with it.
 */
export function rollbackBatch(db: Db, clock: Clock, id: number): RollbackResult {
  return db.transaction((): RollbackResult => {
    const batch = getBatch(db, id);
    if (batch.status !== 'staged' && batch.status !== 'committed') {
      throw new ShopfloorError('batch_not_reversible', `batch ${id} is ${batch.status.replace('_', ' ')}; only staged or committed batches can be rolled back`);
    }
    const events = db.prepare('DELETE FROM events WHERE batch_id = ?').run(id).changes;
    const profiles = batch.status === 'committed' ? restoreProfiles(db, id, clock.now()) : 0;
    db.prepare("UPDATE batches SET status = 'rolled_back', rolled_back_at = ? WHERE id = ?").run(clock.now(), id);
    const purged = batch.kind === 'members' && batch.raw_purged_at !== null ? new Date(batch.raw_purged_at).toISOString() : null;
    return { rolled_back: id, events_removed: events, profiles_restored: profiles, profiles_purged_at: purged };
  }).immediate();
}

function restoreProfiles(db: Db, batchId: number, now: number): number {
  const changes = db.prepare('SELECT user_id, before, after FROM profile_changes WHERE batch_id = ?')
    .all(batchId) as Array<{ user_id: string; before: string | null; after: string }>;
  const select = db.prepare('SELECT attrs FROM users WHERE user_id = ?').pluck();
  const update = db.prepare('UPDATE users SET attrs = ?, updated_at = ? WHERE user_id = ?');
  const remove = db.prepare('DELETE FROM users WHERE user_id = ?');
  let restored = 0;
  for (const change of changes) {
    const currentText = select.get(change.user_id) as string | undefined;
    if (currentText === undefined) continue;
    const current = JSON.parse(currentText) as Attrs;
    const before = change.before === null ? {} : (JSON.parse(change.before) as Attrs);
    const after = JSON.parse(change.after) as Attrs;
    let changed = false;
    for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
      if (isDeepStrictEqual(before[key], after[key]) || !isDeepStrictEqual(current[key], after[key])) continue;
      if (key in before) current[key] = before[key];
      else delete current[key];
      changed = true;
    }
    if (!changed) continue;
    restored += 1;
    if (change.before === null && Object.keys(current).length === 0) remove.run(change.user_id);
    else update.run(JSON.stringify(current), now, change.user_id);
  }
  return restored;
}
