import { readDataSettings } from '../backup/data-settings.ts';
import type { Clock } from '../clock.ts';
import type { Db } from '../store/open-store.ts';

export interface PurgeResult {
  raw_rows_removed: number;
  profile_images_removed: number;
  /** The batches whose raw rows and pre-images were removed now. */
  batches: number[];
  /** Batches committed (or undone) before this instant were purged. */
  before: string;
}

/**
 * Retention: raw rows and profile pre-images are personal data kept only for review and undo. Once a
 * batch was committed (or undone) longer ago than the setting (default 90 days), its kept rows lose
 * their cells (and the values quoted in their issues) and its pre-images go; the batch records when.
 * Rolling it back after that still removes its events, but can no longer restore profiles.
 * Staged batches are left alone: nobody has decided about them yet.
 */
export function purgeRetention(db: Db, clock: Clock, now: number = clock.now()): PurgeResult {
  const cutoff = now - readDataSettings(db).raw_retention_ms;
  return db.transaction((): PurgeResult => {
    const batches = db.prepare(`SELECT id FROM batches WHERE status IN ('committed', 'rolled_back') AND raw_purged_at IS NULL
        AND coalesce(committed_at, rolled_back_at) < ? ORDER BY id`).pluck().all(cutoff) as number[];
    const rows = db.prepare(`UPDATE batch_rows SET raw = '[]', user_id = NULL, data = NULL,
        issues = (SELECT json_group_array(json_remove(value, '$.value')) FROM json_each(batch_rows.issues))
      WHERE batch_id = ? AND (raw <> '[]' OR data IS NOT NULL)`);
    const images = db.prepare('DELETE FROM profile_changes WHERE batch_id = ?');
    const mark = db.prepare('UPDATE batches SET raw_purged_at = ? WHERE id = ?');
    let rawRows = 0;
    let profileImages = 0;
    for (const id of batches) {
      rawRows += rows.run(id).changes;
      profileImages += images.run(id).changes;
      mark.run(now, id);
    }
    return { raw_rows_removed: rawRows, profile_images_removed: profileImages, batches, before: new Date(cutoff).toISOString() };
  }).immediate();
}
