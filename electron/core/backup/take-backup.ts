import fs from 'node:fs';
import path from 'node:path';
import type { BackupKind } from '../../../shared/model/data-safety.ts';
import { ShopfloorError } from '../errors.ts';
import { ensurePrivateFile, makePrivateDir } from '../privacy/private-files.ts';
import { backupName, describeBackup, listBackups, type BackupFile } from './backup-files.ts';
import { copyInWorker, type WorkerScript } from './backup-worker-thread.ts';

/** The store to copy, and how to reach SQLite and the worker in this runtime. */
export interface BackupSource {
  dbPath: string;
  nativeBinding?: string;
  worker?: WorkerScript;
}

export interface BackupTarget {
  folder: string;
  /** Create the folder when it is missing: only the default folder beside the database. A chosen
   * folder that is missing is a drive not connected, and creating it would fill the local disk instead. */
  createFolder: boolean;
  kind: BackupKind;
  now: number;
  /** Backups of this kind to keep, the new one included; none are removed when undefined. */
  keep?: number;
}

function folderProblem(folder: string, error: unknown): ShopfloorError {
  const code = (error as { code?: string }).code ?? '';
  const message = (error as Error).message ?? String(error);
  if (code === 'ENOENT' || code === 'ENOTDIR') {
    return new ShopfloorError('backup_folder_missing', `the backup folder ${folder} is missing (a drive not connected?); no backup was made`);
  }
  if (code === 'ENOSPC' || code === 'EDQUOT' || code === 'EFBIG' || code === 'SQLITE_FULL' || /disk is full|no space/i.test(message)) {
    return new ShopfloorError('backup_folder_full', `the backup folder ${folder} is full; no backup was made and the earlier backups were kept`);
  }
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS' || code === 'SQLITE_READONLY' || code === 'SQLITE_CANTOPEN') {
    return new ShopfloorError('backup_folder_unwritable', `Shopfloor cannot write to the backup folder ${folder} (${code}); no backup was made`);
  }
  return new ShopfloorError('backup_failed', `the backup to ${folder} failed: ${message}`);
}

/**
 * Makes one backup: the online backup API copies the store into a hidden `.partial` file (0600), the
 * copy is checked, and only then renamed into place, so a backup in the folder is always whole. Older
 * backups of the same kind beyond `keep` are removed only after that: a missing or full folder, or a
 * copy that fails its check, never costs a good backup.
 */
export async function takeBackup(source: BackupSource, target: BackupTarget): Promise<BackupFile> {
  const { folder } = target;
  try {
    if (!fs.statSync(folder).isDirectory()) throw Object.assign(new Error('not a folder'), { code: 'ENOTDIR' });
  } catch (error) {
    if ((error as { code?: string }).code !== 'ENOENT' || !target.createFolder) throw folderProblem(folder, error);
    makePrivateDir(folder);
  }
  let createdAt = target.now;
  while (fs.existsSync(path.join(folder, backupName(createdAt, target.kind)))) createdAt += 1;
  const name = backupName(createdAt, target.kind);
  const partial = path.join(folder, `.${name}.partial`);
  const final = path.join(folder, name);
  try {
    ensurePrivateFile(partial);
    const copied = await copyInWorker({ source: source.dbPath, dest: partial, check: true, ...(source.nativeBinding ? { nativeBinding: source.nativeBinding } : {}) }, source.worker);
    if (copied.integrity !== 'ok') throw new ShopfloorError('backup_failed', `the copy in ${folder} failed its check (${copied.integrity}); the earlier backups were kept`);
    fs.renameSync(partial, final);
  } catch (error) {
    fs.rmSync(partial, { force: true });
    throw error instanceof ShopfloorError ? error : folderProblem(folder, error);
  }
  syncFolder(folder);
  if (target.keep !== undefined) removeOldBackups(folder, target.kind, Math.max(1, target.keep), name);
  return describeBackup(final)!;
}

/** Oldest first beyond `keep` of one kind; the backup just made is never among them. */
function removeOldBackups(folder: string, kind: BackupKind, keep: number, newest: string): void {
  const ofKind = listBackups(folder).backups.filter((backup) => backup.kind === kind && backup.name !== newest);
  for (const old of ofKind.slice(keep - 1)) fs.rmSync(old.file, { force: true });
}

// The rename is durable only once the folder's entry is on disk (not possible on Windows: best effort).
function syncFolder(folder: string): void {
  try {
    const fd = fs.openSync(folder, 'r');
    try {
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    // Some filesystems (and Windows) do not sync folders.
  }
}
