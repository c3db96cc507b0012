import type { Clock } from '../clock.ts';
import { ShopfloorError } from '../errors.ts';
import type { Db } from '../store/open-store.ts';
import type { BackupFile } from './backup-files.ts';
import { defaultBackupFolder, readDataSettings } from './data-settings.ts';
import { takeBackupFrom } from './take-backup.ts';

/**
 * Before a schema migration: a backup of the store as it is, into the backup folder, or the folder
 * beside the database when that one is missing or full. Without any backup the migration does not run
 * (the error says why, and nothing is changed): an upgrade must always be undoable.
 */
export function backupBeforeMigration(db: Db, clock: Clock): BackupFile {
  const settings = readDataSettings(db);
  const target = { kind: 'pre-migration' as const, now: clock.now(), keep: settings.keep['pre-migration'] };
  try {
    return takeBackupFrom(db, { ...target, folder: settings.backup_folder, createFolder: settings.default_folder });
  } catch (error) {
    if (!settings.default_folder) {
      try {
        return takeBackupFrom(db, { ...target, folder: defaultBackupFolder(db.name), createFolder: true });
      } catch {
        // Report the configured folder's problem: that is the one the user set up.
      }
    }
    throw new ShopfloorError('migration_backup_failed',
      `this version of Shopfloor must upgrade the database but could not back it up first (${(error as Error).message}); nothing was changed`, { file: db.name });
  }
}
