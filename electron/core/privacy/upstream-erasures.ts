import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Clock } from '../clock.ts';
import type { Db } from '../store/open-store.ts';
import { uploadFile } from '../sync/upstream-client.ts';
import type { Upstream } from '../sync/upstream-settings.ts';
import { makePrivateDir, writePrivateFile } from './private-files.ts';

/**
 * Queues the platform's deletion of an erased customer. The id travels in a 0600 spool file (a one-column
 * CSV, as the platform's imports are), never in the database, and the file is removed once delivered.
 */
export function queueUpstreamErasure(db: Db, now: number, erasureId: number, userId: string, spoolDir: string): boolean {
  makePrivateDir(spoolDir);
  const spool = path.join(spoolDir, `erasure${erasureId}-delete-users.csv`);
  const content = `user_id\n${/[",\r\n]/.test(userId) ? `"${userId.replace(/"/g, '""')}"` : userId}\n`;
  writePrivateFile(spool, content);
  const key = crypto.createHash('sha256').update(`erasure:${erasureId}:${content}`).digest('hex').slice(0, 40);
  db.prepare("INSERT INTO upstream_erasures (erasure_id, spool, idempotency_key, status, created_at) VALUES (?, ?, ?, 'queued', ?)").run(erasureId, spool, key, now);
  return true;
}

export interface ErasureSendReport {
  sent: number;
  done: number;
  retrying: number;
  failed: number;
  offline: boolean;
}

/** Sends the queued deletions (oldest first) to the delete path; transient failures back off, a 4xx fails the request. */
export async function sendUpstreamErasures(db: Db, clock: Clock, upstream: Upstream, options: { fetcher?: typeof fetch; random?: () => number } = {}): Promise<ErasureSendReport> {
  const report: ErasureSendReport = { sent: 0, done: 0, retrying: 0, failed: 0, offline: false };
  const deletePath = upstream.config.delete_users_path;
  if (!deletePath) return report;
  const due = db.prepare(`SELECT id, spool, idempotency_key, attempts FROM upstream_erasures WHERE status = 'queued' AND (next_attempt_at IS NULL OR next_attempt_at <= ?) ORDER BY id`)
    .all(clock.now()) as Array<{ id: number; spool: string; idempotency_key: string; attempts: number }>;
  for (const job of due) {
    if (!fs.existsSync(job.spool)) {
      db.prepare("UPDATE upstream_erasures SET status = 'failed', last_error = 'the deletion file is missing' WHERE id = ?").run(job.id);
      report.failed += 1;
      continue;
    }
    db.prepare('UPDATE upstream_erasures SET attempts = attempts + 1 WHERE id = ?').run(job.id);
    const outcome = await uploadFile(upstream, deletePath, job.spool, job.idempotency_key, () => clock.now(), options.fetcher);
    report.sent += 1;
    // A deletion the platform accepted for later (202) is its to finish: nothing is left to poll for.
    if (outcome.kind === 'done' || outcome.kind === 'remote') {
      db.prepare("UPDATE upstream_erasures SET status = 'done', done_at = ?, last_error = NULL, next_attempt_at = NULL WHERE id = ?").run(clock.now(), job.id);
      fs.rmSync(job.spool, { force: true });
      report.done += 1;
    } else if (outcome.kind === 'permanent') {
      db.prepare("UPDATE upstream_erasures SET status = 'failed', last_error = ? WHERE id = ?").run(outcome.error, job.id);
      report.failed += 1;
    } else {
      const backoff = Math.min(3_600_000, 30_000 * 2 ** Math.min(job.attempts, 10)) * (0.5 + (options.random ?? Math.random)() / 2);
      db.prepare('UPDATE upstream_erasures SET next_attempt_at = ?, last_error = ? WHERE id = ?').run(clock.now() + Math.ceil(outcome.retryAfterMs ?? backoff), outcome.error, job.id);
      report.retrying += 1;
      if (outcome.offline) {
        report.offline = true;
        break;
      }
    }
  }
  return report;
}

export function pendingUpstreamErasures(db: Db): Array<{ id: number; status: string; attempts: number; last_error: string | null }> {
  return db.prepare('SELECT id, status, attempts, last_error FROM upstream_erasures ORDER BY id').all() as Array<{ id: number; status: string; attempts: number; last_error: string | null }>;
}
