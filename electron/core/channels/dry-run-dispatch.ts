import type { Db } from '../store/open-store.ts';

export interface DispatchResult {
  sent: number;
  stale: number;
}

/**
 * Until real channels exist, a due message is marked sent (dry run). A message overdue by more than
 * the stale limit — the app was closed, the journey paused — is skipped as `stale`, not blasted late.
 */
export function dispatchDryRun(db: Db, now: number, staleAfterMs: number): DispatchResult {
  return db.transaction((): DispatchResult => {
    const stale = db.prepare("UPDATE messages SET status = 'skipped', reason = 'stale' WHERE status = 'scheduled' AND due_at < ?")
      .run(now - staleAfterMs).changes;
    const sent = db.prepare("UPDATE messages SET status = 'sent', sent_at = ?, dry_run = 1 WHERE status = 'scheduled' AND due_at <= ?")
      .run(now, now).changes;
    return { sent, stale };
  }).immediate();
}
