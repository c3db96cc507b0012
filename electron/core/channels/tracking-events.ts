import type { Clock } from '../clock.ts';
import type { Db } from '../store/open-store.ts';

export type TrackingKind = 'email_open' | 'email_click' | 'email_unsubscribe';

/** Tracking arrivals are stored as committed online batches under this path, kept out of the uploads list. */
export const TRACKING_PATH = 'tracking:';

/**
 * Records an open, click or unsubscribe of a sent message as an online event, committed at once so the
 * engine sees it on its next tick. An unsubscribe also withdraws the profile's email consent.
 * Returns false for a token that names no message (nothing is recorded).
 */
export function recordTrackingEvent(db: Db, clock: Clock, key: string, kind: TrackingKind, extra: Record<string, string> = {}): boolean {
  return db.transaction(() => {
    const message = db.prepare('SELECT id, journey_id, user_id FROM messages WHERE idempotency_key = ?').get(key) as { id: number; journey_id: number; user_id: string } | undefined;
    if (!message) return false;
    const now = clock.now();
    const batchId = Number(db.prepare(`INSERT INTO batches (kind, file, path, file_size, format, encoding, headers, mapping, layout_key, status, rows, accepted,
        created_at, committed_at, commit_seq) VALUES ('online', ?, ?, 0, 'csv', 'utf-8', '[]', '{}', 'tracking', 'committed', 1, 1, ?, ?,
        (SELECT coalesce(max(commit_seq), 0) + 1 FROM batches))`).run(kind, TRACKING_PATH + kind, now, now).lastInsertRowid);
    db.prepare(`INSERT INTO events (batch_id, row_no, user_id, name, occurred_at, utc_offset, is_offline, params, dedup_key)
        VALUES (?, 1, ?, ?, ?, 0, 0, ?, ?) ON CONFLICT (dedup_key) DO NOTHING`)
      .run(batchId, message.user_id, kind, now, JSON.stringify({ message_id: message.id, journey_id: message.journey_id, ...extra }), `${kind}#${key}#${now}`);
    if (kind === 'email_unsubscribe') {
      const attrs = db.prepare('SELECT attrs FROM users WHERE user_id = ?').pluck().get(message.user_id) as string | undefined;
      if (attrs !== undefined) {
        const before = JSON.parse(attrs) as Record<string, unknown>;
        const after = { ...before, email_opt_in: false };
        db.prepare('UPDATE users SET attrs = ?, updated_at = ? WHERE user_id = ?').run(JSON.stringify(after), now, message.user_id);
        db.prepare('INSERT INTO profile_changes (batch_id, user_id, before, after) VALUES (?, ?, ?, ?)').run(batchId, message.user_id, attrs, JSON.stringify(after));
      }
    }
    return true;
  }).immediate();
}
