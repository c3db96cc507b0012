import { iso } from '../store/batch-repo.ts';
import type { Db } from '../store/open-store.ts';

export interface OutboxMessage {
  id: number;
  user_id: string;
  channel: string;
  node: string;
  journey_id: number;
  due_at: string;
  status: string;
  reason: string | null;
  sent_at: string | null;
  dry_run: boolean;
  attempts: number;
  last_error: string | null;
}

export function listOutbox(db: Db, filter: { journeyId?: number; userId?: string; status?: string; limit?: number; offset?: number } = {}): { total: number; messages: OutboxMessage[] } {
  const where: string[] = [];
  const params: unknown[] = [];
  if (filter.journeyId !== undefined) { where.push('journey_id = ?'); params.push(filter.journeyId); }
  if (filter.userId !== undefined) { where.push('user_id = ?'); params.push(filter.userId); }
  if (filter.status !== undefined) { where.push('status = ?'); params.push(filter.status); }
  const clause = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
  const total = db.prepare(`SELECT count(*) FROM messages ${clause}`).pluck().get(...params) as number;
  const rows = db.prepare(`SELECT * FROM messages ${clause} ORDER BY due_at, id LIMIT ? OFFSET ?`).all(...params, filter.limit ?? 1000, filter.offset ?? 0) as
    Array<{ id: number; user_id: string; channel: string; node_id: string; journey_id: number; due_at: number; status: string; reason: string | null; sent_at: number | null; dry_run: number; attempts: number; last_error: string | null }>;
  return {
    total,
    messages: rows.map((row) => ({
      id: row.id, user_id: row.user_id, channel: row.channel, node: row.node_id, journey_id: row.journey_id, due_at: iso(row.due_at)!,
      status: row.status, reason: row.reason, sent_at: iso(row.sent_at), dry_run: row.dry_run === 1, attempts: row.attempts, last_error: row.last_error,
    })),
  };
}
