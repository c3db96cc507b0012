import type { Clock } from '../clock.ts';
import type { Db } from '../store/open-store.ts';

// A live importer touches its batch every chunk; one silent this long is gone even if its pid was reused.
const STALE_HEARTBEAT_MS = 10 * 60 * 1000;

export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Removes batches whose importing process died (kill -9, power loss) before they were staged. */
export function recoverInterruptedImports(db: Db, clock: Clock, isAlive: (pid: number) => boolean = isProcessAlive): number[] {
  const orphans = (db.prepare("SELECT id, owner_pid, heartbeat_at FROM batches WHERE status = 'importing'").all() as
    Array<{ id: number; owner_pid: number | null; heartbeat_at: number | null }>)
    .filter((batch) => batch.owner_pid === null || !isAlive(batch.owner_pid) || (batch.heartbeat_at ?? 0) < clock.now() - STALE_HEARTBEAT_MS);
  for (const orphan of orphans) discardBatch(db, orphan.id);
  return orphans.map((orphan) => orphan.id);
}

/** Removes every trace of a batch that never finished importing (and only such a batch). */
export function discardBatch(db: Db, batchId: number): void {
  db.transaction(() => {
    const status = db.prepare('SELECT status FROM batches WHERE id = ?').pluck().get(batchId);
    if (status !== 'importing') return;
    db.prepare('DELETE FROM events WHERE batch_id = ?').run(batchId);
    db.prepare('DELETE FROM batch_rows WHERE batch_id = ?').run(batchId);
    db.prepare('DELETE FROM profile_changes WHERE batch_id = ?').run(batchId);
    db.prepare("DELETE FROM batches WHERE id = ? AND status = 'importing'").run(batchId);
  })();
}
