import path from 'node:path';
import Database from 'better-sqlite3';
import { ShopfloorError } from '../errors.ts';
import { sqliteOptions } from '../store/sqlite-binding.ts';
import { listBackups, type BackupFile } from './backup-files.ts';
import { DATA_SETTINGS_KEY, defaultBackupFolder } from './data-settings.ts';
import { firstProblem, verifyBackup } from './verify-backup.ts';

/** `quick_check` of an open store: "ok" or the first problem (a file SQLite cannot even read counts as one). */
export function quickCheck(db: Database.Database): string {
  try {
    return firstProblem(String(db.pragma('quick_check(1)', { simple: true })));
  } catch (error) {
    return (error as Error).message;
  }
}

/** The backup folder a damaged store names in its settings, if it can still be read; else the default one. */
export function backupFolderOf(file: string): string {
  try {
    const db = new Database(file, sqliteOptions({ readonly: true, fileMustExist: true }));
    try {
      const text = db.prepare('SELECT value FROM settings WHERE key = ?').pluck().get(DATA_SETTINGS_KEY) as string | undefined;
      const folder = text === undefined ? null : (JSON.parse(text) as { backup_folder?: string | null }).backup_folder;
      if (typeof folder === 'string' && path.isAbsolute(folder)) return folder;
    } finally {
      db.close();
    }
  } catch {
    // The damage may be in the settings too.
  }
  return defaultBackupFolder(file);
}

/** The newest backup that passes `quick_check` and this version can restore, or null. */
export function newestGoodBackup(folder: string): BackupFile | null {
  for (const backup of listBackups(folder).backups) {
    if (verifyBackup(backup.file, { quick: true }).ok) return backup;
  }
  return null;
}

export interface DamageReport {
  file: string;
  problem: string;
  backup_folder: string;
  newest_good_backup: BackupFile | null;
}

export function describeDamage(file: string, problem: string): DamageReport {
  const folder = backupFolderOf(file);
  return { file, problem, backup_folder: folder, newest_good_backup: newestGoodBackup(folder) };
}

/** A damaged store, with what the app needs to offer a way out. */
export class StoreDamagedError extends ShopfloorError {
  constructor(readonly report: DamageReport, message: string) {
    super('store_damaged', message, { file: path.basename(report.file) });
  }
}

/** The one line the command line prints (and the app shows) for a damaged store. */
export function damagedStoreError(report: DamageReport): StoreDamagedError {
  const backup = report.newest_good_backup;
  const remedy = backup
    ? `restore the newest good backup (${backup.created_at.slice(0, 16).replace('T', ' ')} UTC): shopfloor restore "${backup.file}" --yes`
    : `no good backup was found in ${report.backup_folder}`;
  return new StoreDamagedError(report, `the database is damaged (${report.problem}); it was not opened, so nothing more is written to it; ${remedy}`);
}
