import type { Clock } from '../clock.ts';
import { ShopfloorError } from '../errors.ts';
import type { Db } from '../store/open-store.ts';

function statusOf(db: Db, id: number): string {
  const status = db.prepare('SELECT status FROM messages WHERE id = ?').pluck().get(id) as string | undefined;
  if (status === undefined) throw new ShopfloorError('message_not_found', `there is no message ${id}`);
  return status;
}

/** A failed message, or one in doubt the person checked was not delivered, goes out again (with the same idempotency key). */
export function retryMessage(db: Db, clock: Clock, id: number): void {
  db.transaction(() => {
    const status = statusOf(db, id);
    if (status !== 'failed' && status !== 'unknown') throw new ShopfloorError('message_not_retryable', `message ${id} is ${status}; only failed or unknown messages can be retried`);
    db.prepare("UPDATE messages SET status = 'scheduled', next_attempt_at = ?, due_at = max(due_at, ?), reason = 'retried by hand' WHERE id = ?").run(clock.now(), clock.now(), id);
  }).immediate();
}

export function cancelMessage(db: Db, id: number): void {
  db.transaction(() => {
    const status = statusOf(db, id);
    if (!['scheduled', 'failed', 'unknown'].includes(status)) throw new ShopfloorError('message_not_cancellable', `message ${id} is ${status}; it can no longer be cancelled`);
    db.prepare("UPDATE messages SET status = 'cancelled', reason = 'cancelled by hand' WHERE id = ?").run(id);
  }).immediate();
}

/** The provider's records show an `unknown` message was delivered. */
export function markMessageSent(db: Db, clock: Clock, id: number): void {
  db.transaction(() => {
    const status = statusOf(db, id);
    if (status !== 'unknown') throw new ShopfloorError('message_not_unknown', `message ${id} is ${status}; only an unknown message can be marked sent`);
    db.prepare("UPDATE messages SET status = 'sent', sent_at = ?, reason = 'confirmed by hand' WHERE id = ?").run(clock.now(), id);
  }).immediate();
}

export function messageAttempts(db: Db, id: number): Array<{ started_at: string; finished_at: string | null; outcome: string | null; error: string | null; provider_id: string | null }> {
  return (db.prepare('SELECT started_at, finished_at, outcome, error, provider_id FROM message_attempts WHERE message_id = ? ORDER BY id').all(id) as
    Array<{ started_at: number; finished_at: number | null; outcome: string | null; error: string | null; provider_id: string | null }>)
    .map((row) => ({ ...row, started_at: new Date(row.started_at).toISOString(), finished_at: row.finished_at === null ? null : new Date(row.finished_at).toISOString() }));
}
