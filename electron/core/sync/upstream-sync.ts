import fs from 'node:fs';
import type { Clock } from '../clock.ts';
import { sendUpstreamErasures } from '../privacy/upstream-erasures.ts';
import type { Db } from '../store/open-store.ts';
import { planUpstreamJobs } from './plan-upstream-jobs.ts';
import { pollJob, uploadFile, type UploadOutcome } from './upstream-client.ts';
import type { Upstream } from './upstream-settings.ts';

export interface UpstreamJob {
  id: number;
  batch_id: number;
  kind: string;
  part: number;
  rows: number;
  bytes: number;
  status: 'queued' | 'sending' | 'remote' | 'done' | 'failed';
  attempts: number;
  next_attempt_at: string | null;
  last_error: string | null;
  remote_job_id: string | null;
  done_at: string | null;
}

interface JobRow extends Omit<UpstreamJob, 'next_attempt_at' | 'done_at'> {
  spool: string;
  idempotency_key: string;
  next_attempt_at: number | null;
  done_at: number | null;
}

export interface SyncReport {
  planned: number;
  sent: number;
  done: number;
  retrying: number;
  failed: number;
  offline: boolean;
}

const POLL_MS = 30_000;

export function listUpstreamJobs(db: Db): UpstreamJob[] {
  return (db.prepare('SELECT * FROM upstream_jobs ORDER BY id').all() as JobRow[]).map(({ spool: _spool, idempotency_key: _key, ...row }) => ({
    ...row,
    next_attempt_at: row.next_attempt_at === null ? null : new Date(row.next_attempt_at).toISOString(),
    done_at: row.done_at === null ? null : new Date(row.done_at).toISOString(),
  }));
}

export function lastUpstreamSuccess(db: Db): string | null {
  const at = db.prepare("SELECT max(done_at) FROM upstream_jobs WHERE status = 'done'").pluck().get() as number | null;
  return at === null ? null : new Date(at).toISOString();
}

/**
 * One pass of the durable upload queue: plan jobs for newly committed batches, then send what is due,
 * oldest first. A job left `sending` by a crash is simply sent again: its idempotency key is derived from
 * its content, so the platform takes the repeat as the same upload. Transient failures back off
 * (Retry-After honoured); while the platform is unreachable the queue waits; a 4xx stops that job with
 * the platform's message.
 */
export async function runUpstreamSync(db: Db, clock: Clock, upstream: Upstream, options: { spoolDir: string; fetcher?: typeof fetch; random?: () => number }): Promise<SyncReport> {
  const report: SyncReport = { planned: planUpstreamJobs(db, clock, upstream.config, options.spoolDir), sent: 0, done: 0, retrying: 0, failed: 0, offline: false };
  db.prepare("UPDATE upstream_jobs SET status = 'queued' WHERE status = 'sending'").run();
  const now = () => clock.now();
  for (;;) {
    const job = db.prepare(`SELECT * FROM upstream_jobs WHERE status IN ('queued', 'remote') AND (next_attempt_at IS NULL OR next_attempt_at <= ?)
        ORDER BY id LIMIT 1`).get(now()) as JobRow | undefined;
    if (!job) break;
    if (job.status === 'remote') {
      const polled = await pollJob(upstream, job.remote_job_id!, now, options.fetcher);
      if (polled.kind === 'done') finish(db, job, now());
      else if (polled.kind === 'pending') db.prepare('UPDATE upstream_jobs SET next_attempt_at = ? WHERE id = ?').run(now() + POLL_MS, job.id);
      else if (polled.kind === 'failed') fail(db, job, polled.error);
      else retry(db, job, polled, now(), options.random);
      report.done += polled.kind === 'done' ? 1 : 0;
      report.failed += polled.kind === 'failed' ? 1 : 0;
      if (polled.kind === 'transient' && polled.offline) {
        report.offline = true;
        break;
      }
      continue;
    }
    if (!fs.existsSync(job.spool)) {
      // The spool went missing (cleaned by hand): plan the batch again from the store.
      fail(db, job, 'the upload file is missing; undo and re-commit the batch to send it again');
      report.failed += 1;
      continue;
    }
    db.prepare("UPDATE upstream_jobs SET status = 'sending', attempts = attempts + 1 WHERE id = ?").run(job.id);
    // A restored-profiles job (after undoing a pushed members batch) is an ordinary users upload.
    const path = job.kind === 'users' || job.kind === 'delete_users' ? upstream.config.users_path
      : job.kind === 'delete_events' ? (upstream.config.delete_events_path ?? upstream.config.events_path) : upstream.config.events_path;
    const outcome = await uploadFile(upstream, path, job.spool, job.idempotency_key, now, options.fetcher);
    report.sent += 1;
    if (outcome.kind === 'done') {
      finish(db, job, now());
      report.done += 1;
    } else if (outcome.kind === 'remote') {
      db.prepare("UPDATE upstream_jobs SET status = 'remote', remote_job_id = ?, next_attempt_at = ?, last_error = NULL WHERE id = ?").run(outcome.jobId, now() + POLL_MS, job.id);
    } else if (outcome.kind === 'permanent') {
      fail(db, job, outcome.error);
      report.failed += 1;
    } else {
      retry(db, job, outcome, now(), options.random);
      report.retrying += 1;
      if (outcome.offline) {
        report.offline = true;
        break;
      }
    }
  }
  if (!report.offline) {
    const erasures = await sendUpstreamErasures(db, clock, upstream, options);
    report.sent += erasures.sent;
    report.done += erasures.done;
    report.retrying += erasures.retrying;
    report.failed += erasures.failed;
    report.offline = erasures.offline;
  }
  return report;
}

function finish(db: Db, job: JobRow, now: number): void {
  db.prepare("UPDATE upstream_jobs SET status = 'done', done_at = ?, last_error = NULL, next_attempt_at = NULL WHERE id = ?").run(now, job.id);
  fs.rmSync(job.spool, { force: true });
}

function fail(db: Db, job: JobRow, error: string): void {
  db.prepare("UPDATE upstream_jobs SET status = 'failed', last_error = ?, next_attempt_at = NULL WHERE id = ?").run(error, job.id);
}

function retry(db: Db, job: JobRow, outcome: UploadOutcome & { kind: 'transient' }, now: number, random: () => number = Math.random): void {
  const attempts = job.attempts + 1;
  const backoff = Math.min(outcome.offline ? 300_000 : 3_600_000, 30_000 * 2 ** Math.min(attempts - 1, 10)) * (0.5 + random() / 2);
  const delay = outcome.retryAfterMs ?? backoff;
  db.prepare("UPDATE upstream_jobs SET status = ?, next_attempt_at = ?, last_error = ? WHERE id = ?").run(job.status === 'remote' ? 'remote' : 'queued', now + Math.ceil(delay), outcome.error, job.id);
}

/** A failed job, after the user fixed the cause, goes back in the queue. */
export function retryUpstreamJob(db: Db, id: number): boolean {
  return db.prepare("UPDATE upstream_jobs SET status = 'queued', next_attempt_at = NULL, last_error = NULL WHERE id = ? AND status = 'failed'").run(id).changes === 1;
}

/** Jobs of a batch that reached the platform (or may have): what undoing it locally would leave behind upstream. */
export function pushedJobs(db: Db, batchId: number): number {
  return db.prepare("SELECT count(*) FROM upstream_jobs WHERE batch_id = ? AND (status IN ('done', 'remote', 'sending') OR attempts > 0)").pluck().get(batchId) as number;
}
