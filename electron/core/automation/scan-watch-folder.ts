import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { DateTime } from 'luxon';
import { commitBatch } from '../batches/commit-batch.ts';
import type { Clock } from '../clock.ts';
import { isShopfloorError } from '../errors.ts';
import { importFile } from '../import/import-file.ts';
import { checkFolderPath } from '../security/folder-path.ts';
import type { Db } from '../store/open-store.ts';
import { watchedFailureText } from './failure-text.ts';
import { globMatch } from './glob-match.ts';
import type { WatchFolder } from './watch-folders.ts';

export interface ScanOutcome {
  file: string;
  outcome: 'committed' | 'review' | 'duplicate' | 'failed' | 'waiting';
  batch_id?: number;
  rejected_rate?: number;
  detail?: string;
}

// Names editors and downloaders use while a file is not finished.
const partial = /^\.|^~\$|\.(tmp|part|crdownload|partial|download)$/i;

async function sha256(file: string): Promise<string> {
  const hash = crypto.createHash('sha256');
  for await (const chunk of fs.createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** For a daily folder: whether a run is due (catching up on a run missed while the app was closed). */
export function dailyRunDue(folder: WatchFolder, now: number, zone: string): string | null {
  if (folder.mode !== 'daily' || folder.daily_at === null) return null;
  const local = DateTime.fromMillis(now, { zone });
  const [hour, minute] = folder.daily_at.split(':').map(Number);
  let scheduled = local.set({ hour: hour!, minute: minute!, second: 0, millisecond: 0 });
  if (scheduled > local) scheduled = scheduled.minus({ days: 1 });
  const key = scheduled.toISODate()!;
  return folder.last_daily_run === null || folder.last_daily_run < key ? key : null;
}

/**
 * One pass over a watched folder. A file is read only once its size and modification time have been
 * still for `settle_ms` (a register still writing it is left alone), never twice (its content hash is
 * kept with the batch), and files that arrived while the app was closed are found on the next pass.
 * A batch is committed when its rejected rows stay within the folder's limit; otherwise it waits for review.
 */
export async function scanWatchFolder(db: Db, clock: Clock, folder: WatchFolder, options: { zone: string; force?: boolean }): Promise<ScanOutcome[]> {
  if (!folder.enabled) return [];
  if (folder.mode === 'daily' && !options.force) {
    const due = dailyRunDue(folder, clock.now(), folder.tz ?? options.zone);
    if (due === null) return [];
    db.prepare('UPDATE watch_folders SET last_daily_run = ? WHERE id = ?').run(due, folder.id);
  }
  let entries: fs.Dirent[];
  try {
    // Checked again at each pass: a folder can turn into a network mount after it was chosen.
    checkFolderPath(folder.folder);
    entries = fs.readdirSync(folder.folder, { withFileTypes: true });
  } catch (error) {
    return [{ file: folder.folder, outcome: 'failed', detail: isShopfloorError(error) ? error.message.replace(/^folder: /, '') : `the folder cannot be read: ${(error as Error).message}` }];
  }
  const outcomes: ScanOutcome[] = [];
  const known = db.prepare('SELECT * FROM watched_files WHERE folder_id = ? AND name = ?');
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    if (!entry.isFile() || partial.test(entry.name) || !globMatch(folder.pattern, entry.name)) continue;
    const file = path.join(folder.folder, entry.name);
    const stat = fs.statSync(file);
    const now = clock.now();
    const mtime = Math.floor(stat.mtimeMs);
    const row = known.get(folder.id, entry.name) as { id: number; size: number; mtime: number; status: string } | undefined;
    if (row && row.size === stat.size && row.mtime === mtime && row.status !== 'waiting') continue;
    if (!row) {
      db.prepare("INSERT INTO watched_files (folder_id, name, size, mtime, seen_at, status) VALUES (?, ?, ?, ?, ?, 'waiting')").run(folder.id, entry.name, stat.size, mtime, now);
    } else if (row.size !== stat.size || row.mtime !== mtime) {
      db.prepare("UPDATE watched_files SET size = ?, mtime = ?, seen_at = ?, status = 'waiting', error = NULL WHERE id = ?").run(stat.size, mtime, now, row.id);
    }
    if (now - mtime < folder.settle_ms) {
      outcomes.push({ file: entry.name, outcome: 'waiting', detail: 'still being written' });
      continue;
    }
    outcomes.push(await takeFile(db, clock, folder, file, entry.name, stat));
  }
  return outcomes;
}

async function takeFile(db: Db, clock: Clock, folder: WatchFolder, file: string, name: string, stat: fs.Stats): Promise<ScanOutcome> {
  const mark = (status: string, values: { hash?: string; batch?: number; outcome?: string; error?: string }) =>
    db.prepare('UPDATE watched_files SET status = ?, content_hash = ?, batch_id = ?, outcome = ?, error = ? WHERE folder_id = ? AND name = ?')
      .run(status, values.hash ?? null, values.batch ?? null, values.outcome ?? null, values.error ?? null, folder.id, name);
  const hash = await sha256(file);
  const after = fs.statSync(file);
  if (after.size !== stat.size || Math.floor(after.mtimeMs) !== Math.floor(stat.mtimeMs)) return { file: name, outcome: 'waiting', detail: 'changed while being read' };
  const same = db.prepare("SELECT id FROM batches WHERE file_hash = ? AND status IN ('importing', 'staged', 'committed') ORDER BY id LIMIT 1").pluck().get(hash) as number | undefined;
  if (same !== undefined) {
    mark('duplicate', { hash, batch: same, outcome: `same content as batch ${same}` });
    return { file: name, outcome: 'duplicate', batch_id: same, detail: `same content as batch ${same}` };
  }
  try {
    const batch = await importFile(db, clock, { file, kind: folder.kind, fileHash: hash, ...(folder.tz ? { tz: folder.tz } : {}) });
    const rate = batch.rows === 0 ? 0 : batch.rejected / batch.rows;
    if (rate <= folder.max_rejected_rate) {
      commitBatch(db, clock, batch.id);
      mark('imported', { hash, batch: batch.id, outcome: 'committed' });
      return { file: name, outcome: 'committed', batch_id: batch.id, rejected_rate: rate };
    }
    mark('imported', { hash, batch: batch.id, outcome: 'review' });
    return { file: name, outcome: 'review', batch_id: batch.id, rejected_rate: rate, detail: `${(rate * 100).toFixed(1)}% of rows rejected (limit ${(folder.max_rejected_rate * 100).toFixed(1)}%): review before committing` };
  } catch (error) {
    const message = watchedFailureText(error);
    mark('failed', { hash, error: message });
    return { file: name, outcome: 'failed', detail: message };
  }
}
