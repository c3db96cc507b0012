import type { Clock } from '../clock.ts';
import type { Db } from '../store/open-store.ts';

export type TrackingKind = 'email_open' | 'email_click' | 'email_unsubscribe';

/** Tracking arrivals are stored as committed online batches under this path, kept out of the uploads list. */
export const TRACKING_PATH = 'tracking:';

export interface TrackingEntry {
  /** The message's idempotency key (its Message-ID without brackets and domain). */
  key: string;
  kind: TrackingKind;
  occurredAt?: number;
  extra?: Record<string, string>;
}

/**
 * Records opens, clicks and unsubscribes of sent messages as online events of their users, in one batch
 * committed at once, so the engine sees them on its next tick. An unsubscribe also withdraws the
 * profile's email consent (with a pre-image, like any profile change). Returns how many were recorded.
 */
export function recordTrackingEvents(db: Db, clock: Clock, entries: readonly TrackingEntry[], source: string): number {
  return db.transaction(() => {
    const now = clock.now();
    const find = db.prepare('SELECT id, journey_id, user_id FROM messages WHERE idempotency_key = ?');
    let batchId: number | null = null;
    let recorded = 0;
    const insert = db.prepare(`INSERT INTO events (batch_id, row_no, user_id, name, occurred_at, utc_offset, is_offline, params, dedup_key)
        VALUES (?, ?, ?, ?, ?, 0, 0, ?, ?) ON CONFLICT (dedup_key) DO NOTHING`);
    for (const entry of entries) {
      const message = find.get(entry.key) as { id: number; journey_id: number; user_id: string } | undefined;
      if (!message) continue;
      const occurred = entry.occurredAt ?? now;
      // A message is unsubscribed once, however often its link is followed; opens and clicks count each time.
      const dedup = entry.kind === 'email_unsubscribe' ? `${entry.kind}#${entry.key}` : `${entry.kind}#${entry.key}#${occurred}`;
      if (db.prepare('SELECT 1 FROM events WHERE dedup_key = ?').get(dedup) !== undefined) continue;
      batchId ??= Number(db.prepare(`INSERT INTO batches (kind, file, path, file_size, format, encoding, headers, mapping, layout_key, status, rows, accepted,
          created_at, committed_at, commit_seq) VALUES ('online', ?, ?, 0, 'csv', 'utf-8', '[]', '{}', 'tracking', 'committed', 0, 0, ?, ?,
          (SELECT coalesce(max(commit_seq), 0) + 1 FROM batches))`).run(source, TRACKING_PATH + source, now, now).lastInsertRowid);
      if (insert.run(batchId, recorded + 1, message.user_id, entry.kind, occurred, JSON.stringify({ message_id: message.id, journey_id: message.journey_id, ...entry.extra }), dedup).changes === 0) continue;
      recorded += 1;
      if (entry.kind === 'email_unsubscribe') {
        const attrs = db.prepare('SELECT attrs FROM users WHERE user_id = ?').pluck().get(message.user_id) as string | undefined;
        if (attrs !== undefined) {
          const after = JSON.stringify({ ...(JSON.parse(attrs) as Record<string, unknown>), email_opt_in: false });
          db.prepare('UPDATE users SET attrs = ?, updated_at = ? WHERE user_id = ?').run(after, now, message.user_id);
          db.prepare('INSERT OR IGNORE INTO profile_changes (batch_id, user_id, before, after) VALUES (?, ?, ?, ?)').run(batchId, message.user_id, attrs, after);
        }
      }
    }
    if (batchId !== null) db.prepare('UPDATE batches SET rows = ?, accepted = ? WHERE id = ?').run(recorded, recorded, batchId);
    return recorded;
  }).immediate();
}

