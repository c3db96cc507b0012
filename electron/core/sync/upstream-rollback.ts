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
  // Keyed by what it undoes as well as its content: profiles restored to exactly what an earlier upload
  // sent are the same file, and under that upload's key the platform would take them for a retry of it.
  const key = crypto.createHash('sha256').update(`${name}\n`).update(content).digest('hex').slice(0, 40);
  return { spool, bytes: Buffer.byteLength(content), key, rows: rows.length - 1 };
}

/** What undoing a batch does upstream: whether it was sent, and whether the platform can be brought fully back in step. */
export interface UpstreamUndo {
  pushed: number;
  /** false: something sent stays on the platform (events without a delete path, customers a members sheet added). */
  can_delete: boolean;
  /** Customers the batch added: the platform has no way to delete a profile. */
  added_profiles: number;
}

export function upstreamUndo(db: Db, batchId: number): UpstreamUndo {
  const config = upstreamConfigured(db);
  const batch = getBatch(db, batchId);
  const pushed = config ? pushedJobs(db, batchId) : 0;
  if (pushed === 0) return { pushed, can_delete: true, added_profiles: 0 };
  if (batch.kind === 'members') {
    const added = db.prepare('SELECT count(*) FROM profile_changes WHERE batch_id = ? AND before IS NULL').pluck().get(batchId) as number;
    return { pushed, can_delete: added === 0, added_profiles: added };
  }
  return { pushed, can_delete: config?.delete_events_path != null, added_profiles: 0 };
}

/**
 * Undoes a batch here and keeps the platform in step: what was not sent yet is cancelled; events already
 * sent are deleted there when the platform can (a deletion job); profiles a members sheet changed are sent
 * again as restored (an ordinary users upload, so the platform gets back, say, the consent a bad sheet
 * overwrote). What the platform cannot undo — events without a delete path, customers the sheet added —
 * would stay there: then the rollback is refused unless the user says `localOnly`.
 */
export function rollbackWithUpstream(db: Db, clock: Clock, batchId: number, options: { localOnly?: boolean; spoolDir: string }): UpstreamRollback {
  const config = upstreamConfigured(db);
  const batch = getBatch(db, batchId);
  const { pushed, can_delete: canDelete, added_profiles: added } = upstreamUndo(db, batchId);
  if (!canDelete && !options.localOnly) {
    throw new ShopfloorError('pushed_upstream', batch.kind === 'members'
      ? `batch ${batchId} was already sent to the platform, which cannot delete the ${added} customers it added: undoing it here leaves them there (the profiles it changed are sent again as they were). To undo it here only, confirm with --local-only (local_only)`
      : `batch ${batchId} was already sent to the platform, which cannot delete events: undoing it here leaves them there. To undo it here only, confirm with --local-only (local_only)`);
  }
  let deletion: ReturnType<typeof spoolFile> | null = null;
  if (pushed > 0 && batch.kind === 'pos' && config?.delete_events_path) {
    const events = db.prepare('SELECT user_id, name, occurred_at, utc_offset FROM events WHERE batch_id = ? AND is_offline = 1 ORDER BY id').all(batchId) as
      Array<{ user_id: string; name: string; occurred_at: number; utc_offset: number }>;
    deletion = spoolFile(options.spoolDir, `batch${batchId}-delete-events`, [['user_id', 'event_name', 'event_time'],
      ...events.map((event) => [event.user_id, event.name, new Date(event.occurred_at + event.utc_offset * 60_000).toISOString().replace('Z', formatOffset(event.utc_offset))])]);
  }
  // Customers the batch added have no earlier profile to send back: they stay on the platform (the user agreed).
  const users = pushed > 0 && batch.kind === 'members' ? (db.prepare('SELECT user_id FROM profile_changes WHERE batch_id = ? AND before IS NOT NULL').pluck().all(batchId) as string[]) : [];
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
