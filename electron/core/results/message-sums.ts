import type { Db } from '../store/open-store.ts';
import { CHANGED_USERS, SENT_OR_HELD } from './run-outcomes.ts';

/**
 * What the runs' messages add to a report, by group, store and send node: conversions credited to a
 * message (last touch) with their revenue in cents, and messages sent (or held back). Kept beside the
 * run outcomes: while a journey's messages stay the same, an upload changes only the changed customers'
 * part, so it is subtracted and added again rather than read back from every message (100,000 rows).
 */
export interface MessageSums {
  /** `[group, store, node]` as JSON → [conversions, revenue in cents]. */
  touch: Map<string, [number, number]>;
  /** `[group, store, node]` as JSON → messages. */
  sent: Map<string, number>;
  /** When the latest of these messages was sent (or recorded). */
  latest: number | null;
}

type Row = [kind: 'touch' | 'sent', group: number, store: string, node: string, count: number, cents: number | null, latest: number | null];

/** Changes whenever a message of the journey is sent, held back, cancelled or removed (count and sum of ids per status). */
export function messagesToken(db: Db, journeyId: number): string {
  return db.prepare(`SELECT (SELECT count(*) || '.' || total(id) FROM messages WHERE journey_id = @journeyId AND status = 'sent')
      || '|' || (SELECT count(*) || '.' || total(id) FROM messages WHERE journey_id = @journeyId AND status = 'skipped')`).pluck().get({ journeyId }) as string;
}

/** The messages' part of the kept runs: all of them, or those of the customers in CHANGED_USERS. */
export function readMessageSums(db: Db, journeyId: number, scope: 'all' | 'changed'): Row[] {
  const runs = scope === 'all' ? '' : `AND o.run_id IN (SELECT r.id FROM ${CHANGED_USERS} c CROSS JOIN journey_runs r ON r.journey_id = @journeyId AND r.user_id = c.user_id)`;
  return db.prepare(`SELECT 'touch', control_group, store, last_node, count(*), total(round(goal_value * 100)), NULL FROM (
        SELECT o.control_group, o.store, o.goal_value, (
          SELECT m.node_id FROM messages m WHERE m.run_id = o.run_id AND ${SENT_OR_HELD} AND coalesce(m.sent_at, m.due_at) <= o.goal_at
          ORDER BY coalesce(m.sent_at, m.due_at) DESC, m.id DESC LIMIT 1) AS last_node
        FROM journey_run_outcomes o WHERE o.journey_id = @journeyId AND o.goal_at IS NOT NULL ${runs})
      WHERE last_node IS NOT NULL GROUP BY 2, 3, 4
      UNION ALL
      SELECT 'sent', o.control_group, o.store, m.node_id, count(*), NULL, max(coalesce(m.sent_at, m.created_at))
        FROM journey_run_outcomes o CROSS JOIN messages m ON m.run_id = o.run_id
        WHERE o.journey_id = @journeyId ${runs} AND ${SENT_OR_HELD} GROUP BY 2, 3, 4`).raw().all({ journeyId }) as Row[];
}

export function emptyMessageSums(): MessageSums {
  return { touch: new Map(), sent: new Map(), latest: null };
}

/** Adds (sign 1) or takes away (sign -1) rows read by readMessageSums; sums that reach zero are dropped. */
export function addMessageRows(sums: MessageSums, rows: readonly Row[], sign: 1 | -1): void {
  for (const [kind, group, store, node, count, cents, latest] of rows) {
    const key = JSON.stringify([group, String(store), node]);
    if (kind === 'touch') {
      const [converted, revenue] = sums.touch.get(key) ?? [0, 0];
      if (converted + sign * count === 0) sums.touch.delete(key);
      else sums.touch.set(key, [converted + sign * count, revenue + sign * (cents ?? 0)]);
    } else {
      const sent = (sums.sent.get(key) ?? 0) + sign * count;
      if (sent === 0) sums.sent.delete(key);
      else sums.sent.set(key, sent);
    }
    // Moving runs between groups and stores removes no message: the latest stays what it was.
    if (latest !== null && sign === 1) sums.latest = Math.max(sums.latest ?? latest, latest);
  }
}

export function messageSumsToJson(sums: MessageSums): string {
  return JSON.stringify({ touch: [...sums.touch], sent: [...sums.sent], latest: sums.latest });
}

/** The kept sums, or null when they do not read back as written (a crafted backup restored): recomputed then. */
export function messageSumsFromJson(text: string): MessageSums | null {
  try {
    const parsed = JSON.parse(text) as { touch?: unknown; sent?: unknown; latest?: unknown };
    const isKey = (key: unknown): boolean => {
      const parts = typeof key === 'string' ? JSON.parse(key) as unknown : null;
      return Array.isArray(parts) && parts.length === 3 && typeof parts[0] === 'number' && typeof parts[1] === 'string' && typeof parts[2] === 'string';
    };
    const entries = (value: unknown, isValue: (item: unknown) => boolean): boolean => Array.isArray(value)
      && value.every((entry) => Array.isArray(entry) && entry.length === 2 && isKey(entry[0]) && isValue(entry[1]));
    const counts = (item: unknown): boolean => Array.isArray(item) && item.length === 2 && item.every((count) => typeof count === 'number');
    if (!entries(parsed.touch, counts) || !entries(parsed.sent, (item) => typeof item === 'number')) return null;
    if (parsed.latest !== null && typeof parsed.latest !== 'number') return null;
    return { touch: new Map(parsed.touch as Array<[string, [number, number]]>), sent: new Map(parsed.sent as Array<[string, number]>), latest: parsed.latest };
  } catch {
    return null;
  }
}
