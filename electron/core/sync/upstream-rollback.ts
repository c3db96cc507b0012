import crypto from 'node:crypto';
import path from 'node:path';
import Papa from 'papaparse';
import { formatOffset } from '../../../shared/import/parse-time.ts';
import { rollbackBatch, type RollbackResult } from '../batches/rollback-batch.ts';
import { makePrivateDir, writePrivateFile } from '../privacy/private-files.ts';
import type { Clock } from '../clock.ts';
import { ShopfloorError } from '../errors.ts';
import { getBatch } from '../store/batch-repo.ts';
import type { Db } from '../store/open-store.ts';
import { pushedJobs } from './upstream-sync.ts';
import { upstreamConfigured } from './upstream-settings.ts';

export interface UpstreamRollback extends RollbackResult {
  /** Jobs queued to undo on the platform what was already sent (deletions, restored profiles). */
  upstream_jobs_queued: number;
  /** Jobs that had not gone out yet and now never will. */
  upstream_jobs_cancelled: number;
}

function spoolFile(spoolDir: string, name: string, rows: string[][]): { spool: string; bytes: number; key: string; rows: number } {
  makePrivateDir(spoolDir);
  const content = `${Papa.unparse(rows, { newline: '\n' })}\n`;
  const spool = path.join(spoolDir, `${name}.csv`);
  writePrivateFile(spool, content);
  return { spool, bytes: Buffer.byteLength(content), key: crypto.createHash('sha256').update(content).digest('hex').slice(0, 40), rows: rows.length - 1 };
}

/**
 * Undoes a batch here and keeps the platform in step: what was not sent yet is cancelled; events already
 * sent are deleted there when the platform can (a deletion job), profiles already sent are sent again as
 * restored. When the platform cannot delete, the rollback is refused unless the user says `localOnly`.
 */
export function rollbackWithUpstream(db: Db, clock: Clock, batchId: number, options: { localOnly?: boolean; spoolDir: string }): UpstreamRollback {
  const config = upstreamConfigured(db);
  const batch = getBatch(db, batchId);
  const pushed = config ? pushedJobs(db, batchId) : 0;
  if (pushed > 0 && batch.kind === 'pos' && config?.delete_events_path === null && !options.localOnly) {
    throw new ShopfloorError('pushed_upstream',
      `batch ${batchId} was already sent to the platform, which cannot delete events: undoing it here leaves them there. To undo it here only, confirm with --local-only (local_only)`);
  }
  let deletion: ReturnType<typeof spoolFile> | null = null;
  if (pushed > 0 && batch.kind === 'pos' && config?.delete_events_path) {
    const events = db.prepare('SELECT user_id, name, occurred_at, utc_offset FROM events WHERE batch_id = ? AND is_offline = 1 ORDER BY id').all(batchId) as
      Array<{ user_id: string; name: string; occurred_at: number; utc_offset: number }>;
    deletion = spoolFile(options.spoolDir, `batch${batchId}-delete-events`, [['user_id', 'event_name', 'event_time'],
      ...events.map((event) => [event.user_id, event.name, new Date(event.occurred_at + event.utc_offset * 60_000).toISOString().replace('Z', formatOffset(event.utc_offset))])]);
  }
  const users = pushed > 0 && batch.kind === 'members' ? (db.prepare('SELECT user_id FROM profile_changes WHERE batch_id = ?').pluck().all(batchId) as string[]) : [];
  const result = rollbackBatch(db, clock, batchId);
  return db.transaction((): UpstreamRollback => {
    const cancelled = db.prepare("UPDATE upstream_jobs SET status = 'failed', last_error = 'the batch was undone before this was sent' WHERE batch_id = ? AND status = 'queued' AND attempts = 0").run(batchId).changes;
    let queued = 0;
    const insert = db.prepare(`INSERT OR IGNORE INTO upstream_jobs (batch_id, kind, part, rows, bytes, spool, idempotency_key, status, created_at) VALUES (?, ?, 1, ?, ?, ?, ?, 'queued', ?)`);
    if (deletion) queued += insert.run(batchId, 'delete_events', deletion.rows, deletion.bytes, deletion.spool, deletion.key, clock.now()).changes;
    if (users.length > 0) {
      const profiles = users.map((userId) => ({ userId, attrs: JSON.parse((db.prepare('SELECT attrs FROM users WHERE user_id = ?').pluck().get(userId) as string | undefined) ?? '{}') as Record<string, unknown> }));
      const names = [...new Set(profiles.flatMap((profile) => Object.keys(profile.attrs)))].sort();
      const restored = spoolFile(options.spoolDir, `batch${batchId}-restore-users`, [['user_id', ...names],
        ...profiles.map((profile) => [profile.userId, ...names.map((name) => (profile.attrs[name] === undefined ? '' : String(profile.attrs[name])))])]);
      queued += insert.run(batchId, 'delete_users', restored.rows, restored.bytes, restored.spool, restored.key, clock.now()).changes;
    }
    return { ...result, upstream_jobs_queued: queued, upstream_jobs_cancelled: cancelled };
  }).immediate();
}
