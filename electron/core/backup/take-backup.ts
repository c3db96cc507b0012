import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { BackupKind } from '../../../shared/model/data-safety.ts';
import { ShopfloorError } from '../errors.ts';
import { sqliteOptions } from '../store/sqlite-binding.ts';
import { ensurePrivateFile, makePrivateDir } from '../privacy/private-files.ts';
import { backupName, describeBackup, listBackups, type BackupFile } from './backup-files.ts';
import { copyInWorker, type WorkerScript } from './backup-worker-thread.ts';

/** The store to copy, and how to reach SQLite and the worker in this runtime. */
export interface BackupSource {
  dbPath: string;
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

interface Prepared {
  name: string;
  partial: string;
  final: string;
}

/** Checks (or creates) the folder and reserves a name; the copy goes into a hidden `.partial` file (0600) first. */
function prepare(target: BackupTarget): Prepared {
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
  const prepared = { name, partial: path.join(folder, `.${name}.partial`), final: path.join(folder, name) };
  try {
    ensurePrivateFile(prepared.partial);
  } catch (error) {
    throw folderProblem(folder, error);
  }
  return prepared;
}

/** The checked copy is renamed into place; only then are older backups of its kind beyond `keep` removed. */
function finish(target: BackupTarget, prepared: Prepared, integrity: string): BackupFile {
  if (integrity !== 'ok') {
    throw new ShopfloorError('backup_failed', `the copy in ${target.folder} failed its check (${integrity}); the earlier backups were kept`);
  }
  fs.renameSync(prepared.partial, prepared.final);
  syncFolder(target.folder);
  if (target.keep !== undefined) removeOldBackups(target.folder, target.kind, Math.max(1, target.keep), prepared.name);
  return describeBackup(prepared.final)!;
}

function failed(target: BackupTarget, prepared: Prepared, error: unknown): ShopfloorError {
  fs.rmSync(prepared.partial, { force: true });
  return error instanceof ShopfloorError ? error : folderProblem(target.folder, error);
}

/**
 * Makes one backup with the online backup API, on a worker thread: the copy is checked and renamed
 * into place, so a backup in the folder is always whole, and older ones are removed only after that. A
 * missing or full folder, or a copy that fails its check, never costs a good backup.
 */
export async function takeBackup(source: BackupSource, target: BackupTarget): Promise<BackupFile> {
  const prepared = prepare(target);
  try {
    const copied = await copyInWorker({ source: source.dbPath, dest: prepared.partial, check: false }, source.worker);
    return finish(target, prepared, copied.integrity);
  } catch (error) {
    throw failed(target, prepared, error);
  }
}

/**
 * The same, synchronously, from an open connection, for the moment before a schema migration (opening
 * the store is synchronous): `VACUUM INTO` writes a consistent snapshot as one compact file.
 */
export function takeBackupFrom(db: Database.Database, target: BackupTarget): BackupFile {
  const prepared = prepare(target);
  try {
    db.prepare('VACUUM INTO ?').run(prepared.partial);
    const copy = new Database(prepared.partial, sqliteOptions({ fileMustExist: true }));
    let integrity: string;
    try {
      copy.pragma('journal_mode = DELETE');
      integrity = String(copy.pragma('quick_check(1)', { simple: true }));
    } finally {
      copy.close();
    }
    return finish(target, prepared, integrity);
  } catch (error) {
    throw failed(target, prepared, error);
  }
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
