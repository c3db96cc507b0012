import fs from 'node:fs';
import path from 'node:path';
import type { MethodName, MethodOutput, ParsedInput } from '../../../shared/contract/methods.ts';
import type { dataSafetyMethods } from '../../../shared/contract/data-safety.ts';
import { backupInFolder, listBackups } from '../backup/backup-files.ts';
import { readDataSettings, writeDataSettings } from '../backup/data-settings.ts';
import { planRestore, restoreBackup, type RestoreResult } from '../backup/restore-backup.ts';
import { backupStore, readBackupStatus } from '../backup/store-backup.ts';
import type { BackupSource } from '../backup/take-backup.ts';
import { verifyBackup } from '../backup/verify-backup.ts';
import type { Clock } from '../clock.ts';
import { ShopfloorError } from '../errors.ts';
import { eraseUser, previewErasure } from '../privacy/erase-user.ts';
import type { Db } from '../store/open-store.ts';
import type { EventName } from '../../../shared/contract/events.ts';

type SafetyMethod = keyof typeof dataSafetyMethods & MethodName;
export type SafetyHandlers = { [M in SafetyMethod]: (input: ParsedInput<M>) => Promise<MethodOutput<M>> | MethodOutput<M> };

export interface SafetyContext {
  db: Db;
  clock: Clock;
  source: BackupSource;
  spoolDir: string;
  emit(event: EventName, payload: unknown): void;
  /** Runs a restore while nothing else uses the store: the engine loop paused, no import running. */
  exclusive<T>(work: () => Promise<T>): Promise<T>;
}

export function dataStatus(db: Db): MethodOutput<'data.get'> {
  const settings = readDataSettings(db);
  const { backups, missing } = listBackups(settings.backup_folder);
  const status = readBackupStatus(db);
  return {
    settings: { backup_folder: settings.backup_folder, default_folder: settings.default_folder, keep: settings.keep, raw_retention: settings.raw_retention },
    // The default folder is created with the first backup: not having it yet is not a problem.
    folder_missing: missing && !settings.default_folder, backups, last_ok: status.last_ok, last_error: status.last_error,
  };
}

/** A backup named by the UI: a file in the backup folder by name, or a path main granted after its own dialog. */
export function backupRefFile(db: Db, ref: { name: string } | { path: string }): string {
  if ('path' in ref) return path.resolve(ref.path);
  const file = backupInFolder(readDataSettings(db).backup_folder, ref.name);
  if (!file) throw new ShopfloorError('bad_backup', `"${ref.name}" is not a backup in the backup folder`);
  return file;
}

export function createSafetyHandlers(context: SafetyContext): SafetyHandlers {
  const { db, clock, emit } = context;
  const changed = (...what: string[]) => {
    for (const each of what) emit('data.changed', { what: each });
  };
  return {
    'store.status': () => ({ state: 'ok', file: db.name, problem: null, backup_folder: readDataSettings(db).backup_folder, newest_good_backup: null }),
    'data.get': () => dataStatus(db),
    'data.save': (input) => {
      writeDataSettings(db, { ...(input.keep ? { keep: input.keep } : {}), ...(input.raw_retention !== undefined ? { raw_retention: input.raw_retention } : {}) });
      changed('backups');
      return dataStatus(db);
    },
    'data.setBackupFolder': (input) => {
      if (input.path !== null) {
        let isFolder = false;
        try {
          isFolder = fs.statSync(input.path).isDirectory();
        } catch {
          isFolder = false;
        }
        if (!path.isAbsolute(input.path) || !isFolder) throw new ShopfloorError('bad_path', 'choose an existing folder');
      }
      writeDataSettings(db, { backup_folder: input.path });
      changed('backups');
      return dataStatus(db);
    },
    'backups.now': async () => {
      const backup = await backupStore(db, clock, context.source, 'manual');
      changed('backups');
      return backup;
    },
    'backups.verify': (input) => verifyBackup(backupRefFile(db, input)),
    'backups.restorePreview': (input) => planRestore(db, backupRefFile(db, input), readDataSettings(db).backup_folder),
    'backups.restore': async (input) => {
      const file = backupRefFile(db, input);
      const result: RestoreResult = await context.exclusive(() => restoreBackup(db, clock, context.source, file));
      emit('store.restored', { restored: result.restored, previous: result.previous });
      changed('batches', 'users', 'journeys', 'outbox', 'settings', 'automation', 'upstream', 'backups');
      return result;
    },
    'privacy.preview': (input) => previewErasure(db, input.userId.trim()),
    'privacy.erase': (input) => {
      if (input.confirm.trim() !== input.userId.trim()) throw new ShopfloorError('confirmation_mismatch', 'type the customer id exactly as shown to confirm');
      const result = eraseUser(db, clock, input.userId, { ...(input.reason ? { reason: input.reason } : {}), spoolDir: context.spoolDir });
      changed('users', 'batches', 'journeys', 'outbox');
      return result;
    },
  };
}
