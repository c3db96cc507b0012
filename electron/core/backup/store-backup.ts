import type { BackupKind } from '../../../shared/model/data-safety.ts';
import type { Clock } from '../clock.ts';
import { isShopfloorError } from '../errors.ts';
import type { Db } from '../store/open-store.ts';
import type { BackupFile } from './backup-files.ts';
import { readDataSettings } from './data-settings.ts';
import { takeBackup, type BackupSource } from './take-backup.ts';

export interface BackupStatus {
  last_ok: { file: string; at: string } | null;
  last_error: { code: string; message: string; at: string } | null;
}

// Machine state, not data: a restore keeps it (restore-backup.ts).
export const BACKUP_STATUS_KEY = 'backup_status';

export function readBackupStatus(db: Db): BackupStatus {
  const text = db.prepare('SELECT value FROM settings WHERE key = ?').pluck().get(BACKUP_STATUS_KEY) as string | undefined;
  return text === undefined ? { last_ok: null, last_error: null } : (JSON.parse(text) as BackupStatus);
}

/**
 * Best effort and without waiting: the status is for the screen, and a backup taken during an import (which
 * holds the write lock for seconds) must not stall the app's thread on it. It is written next time.
 */
function writeBackupStatus(db: Db, status: BackupStatus): void {
  const timeout = db.pragma('busy_timeout', { simple: true }) as number;
  db.pragma('busy_timeout = 0');
  try {
    db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(BACKUP_STATUS_KEY, JSON.stringify(status));
  } catch (error) {
    if ((error as { code?: string }).code !== 'SQLITE_BUSY') throw error;
  } finally {
    db.pragma(`busy_timeout = ${timeout}`);
  }
}

/**
 * Backs the store up into the configured folder (or `to`, a one-off folder that is created and not
 * rotated) and records how it went, so the app can say when the last backup failed and why.
 */
export async function backupStore(db: Db, clock: Clock, source: BackupSource, kind: BackupKind, options: { to?: string } = {}): Promise<BackupFile> {
  const settings = readDataSettings(db);
  const now = clock.now();
  try {
    const backup = await takeBackup(source, options.to !== undefined
      ? { folder: options.to, createFolder: true, kind, now }
      : { folder: settings.backup_folder, createFolder: settings.default_folder, kind, now, keep: settings.keep[kind] });
    writeBackupStatus(db, { last_ok: { file: backup.file, at: new Date(now).toISOString() }, last_error: null });
    return backup;
  } catch (error) {
    const at = new Date(now).toISOString();
    const problem = isShopfloorError(error) ? { code: error.code, message: error.message, at } : { code: 'backup_failed', message: (error as Error).message, at };
    try {
      writeBackupStatus(db, { ...readBackupStatus(db), last_error: problem });
    } catch {
      // The store itself may be full: the error below says what happened.
    }
    throw error;
  }
}
