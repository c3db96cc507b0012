import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { listBackups, type BackupFile } from '../backup/backup-files.ts';
import { parseKeep, readDataSettings, writeDataSettings, type DataSettings, type DataSettingsPatch } from '../backup/data-settings.ts';
import { planRestore, restoreBackup } from '../backup/restore-backup.ts';
import { backupStore } from '../backup/store-backup.ts';
import { verifyBackup } from '../backup/verify-backup.ts';
import { backupFolderOf, newestGoodBackup } from '../backup/damaged-store.ts';
import { replaceDamagedStore } from '../backup/replace-damaged-store.ts';
import { isShopfloorError, ShopfloorError } from '../errors.ts';
import type { Db } from '../store/open-store.ts';
import { databasePath, type CliContext, type Common } from './cli-context.ts';
import { formatCount, textTable } from './text-table.ts';

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

function freeBytes(dir: string): number {
  const stats = fs.statfsSync(dir);
  return stats.bavail * stats.bsize;
}

function backupLine(backup: BackupFile): string[] {
  return [backup.created_at.replace('T', ' ').slice(0, 19), backup.kind, formatBytes(backup.bytes), String(backup.schema_version ?? '?'), backup.name];
}

/** `backup now`, `backups`, `backup verify`, `restore`. */
export function registerBackupCommands(program: Command, context: CliContext): void {
  const { clock, print, withStore, common } = context;
  const backup = program.command('backup').description('back the store up, or check a backup');

  common(backup.command('now').description('make a backup now (the online backup API: safe while the app runs)'))
    .option('--to <dir>', 'into this folder instead of the backup folder (created if missing; not rotated)')
    .action(async (options: Common & { to?: string }) => {
      await withStore(options, async (db) => {
        const made = await backupStore(db, clock, { dbPath: path.resolve(databasePath(context, options)) }, 'manual', options.to === undefined ? {} : { to: path.resolve(options.to) });
        print(options, made, () => `Backed up to ${made.file} (${formatBytes(made.bytes)}).\n`);
      });
    });

  common(program.command('backups').description('list the backups in the backup folder'))
    .action(async (options: Common) => {
      await withStore(options, (db) => {
        const settings = readDataSettings(db);
        const folder = settings.backup_folder;
        const listed = listBackups(folder);
        const { backups } = listed;
        // The default folder is created with the first backup: not having it yet is not a problem.
        const missing = listed.missing && !settings.default_folder;
        print(options, { folder, missing, backups }, () => missing ? `The backup folder ${folder} is missing (a drive not connected?).\n`
          : backups.length === 0 ? `No backups in ${folder} yet. Make one with \`shopfloor backup now\`.\n`
            : `Backups in ${folder}:\n${textTable(['created (UTC)', 'kind', 'size', 'schema', 'file'], backups.map(backupLine), [2, 3])}\n`);
      });
    });

  common(program.command('restore <file>').description('replace the store with a backup (the current store is backed up first)'))
    .option('--yes', 'really replace the store (without it, only says what would be replaced)')
    .action(async (file: string, options: Common & { yes?: boolean }) => {
      const backupFile = path.resolve(file);
      try {
        await restoreCommand(backupFile, options);
      } catch (error) {
        if (!isShopfloorError(error) || error.code !== 'store_damaged') throw error;
        await restoreOverDamaged(backupFile, options);
      }
    });

  /** A damaged store is never written to: the backup takes its place and the damaged files are kept aside. */
  async function restoreOverDamaged(backupFile: string, options: Common & { yes?: boolean }): Promise<void> {
    const dbFile = path.resolve(databasePath(context, options));
    if (!options.yes) {
      const check = verifyBackup(backupFile);
      if (!check.ok) throw new ShopfloorError('backup_unusable', `${check.problem}; nothing was changed`);
      print(options, { dry_run: true, damaged: true, file: backupFile, backup: { schema_version: check.schema_version, events: check.events, users: check.users, batches: check.batches } }, () =>
        `The database ${path.basename(dbFile)} is damaged. Restoring ${backupFile} (${formatCount(check.events ?? 0)} events, ${formatCount(check.users ?? 0)} customers, ${formatCount(check.batches ?? 0)} batches) would put it in its place; the damaged files would be kept aside.\n`);
      context.io.stderr('shopfloor: nothing was restored: add --yes to replace the store\n');
      context.setExitCode(1);
      return;
    }
    const result = await replaceDamagedStore(clock, { dbPath: dbFile }, backupFile);
    print(options, result, () => `Restored ${backupFile} in place of the damaged store (kept as ${result.previous}): ${formatCount(result.events)} events, ${formatCount(result.users)} customers, ${formatCount(result.batches)} batches.\n`
      + (result.erasures_recovered ? '' : 'The erasure log could not be read from the damaged store: repeat any erasure made after this backup was taken.\n'));
  }

  async function restoreCommand(backupFile: string, options: Common & { yes?: boolean }): Promise<void> {
    await withStore(options, async (db) => {
      if (!options.yes) {
        const plan = planRestore(db, backupFile, readDataSettings(db).backup_folder);
        const { check, replaces } = plan;
        print(options, { dry_run: true, file: backupFile, backup: { schema_version: check.schema_version, events: check.events, users: check.users, batches: check.batches }, replaces, backup_first_to: plan.backup_first_to }, () =>
          `Restoring ${backupFile} (${formatCount(check.events ?? 0)} events, ${formatCount(check.users ?? 0)} customers, ${formatCount(check.batches ?? 0)} batches) would replace `
          + `the current store (${formatCount(replaces.events)} events, ${formatCount(replaces.users)} customers, ${formatCount(replaces.batches)} batches, ${formatCount(replaces.messages)} messages).\n`
          + `The current store would be backed up first, into ${plan.backup_first_to}.\n`);
        context.io.stderr('shopfloor: nothing was restored: add --yes to replace the store\n');
        context.setExitCode(1);
        return;
      }
      const result = await restoreBackup(db, clock, { dbPath: path.resolve(databasePath(context, options)) }, backupFile);
      print(options, result, () => `Restored ${backupFile}: ${formatCount(result.events)} events, ${formatCount(result.users)} customers, ${formatCount(result.batches)} batches.\n`
        + `The replaced store was backed up to ${result.previous}.\n`
        + (result.messages_marked_unknown > 0 ? `${result.messages_marked_unknown} messages the backup had scheduled were already sent: they are marked unknown (see \`shopfloor outbox --status unknown\`).\n` : '')
        + (result.erasures_reapplied > 0 ? `${result.erasures_reapplied} erased customers in the backup were erased again.\n` : ''));
    });
  }

  common(program.command('check').description("check the store: integrity (SQLite's full check), schema version, WAL size, free disk space"))
    .action((options: Common) => {
      const file = path.resolve(databasePath(context, options));
      if (!fs.existsSync(file)) throw new ShopfloorError('store_missing', 'there is no database here yet', { file });
      const check = verifyBackup(file);
      const value = {
        file, ok: check.ok, integrity: check.integrity, schema_version: check.schema_version,
        wal_bytes: fs.existsSync(`${file}-wal`) ? fs.statSync(`${file}-wal`).size : 0,
        free_disk_bytes: freeBytes(path.dirname(file)),
        ...(check.ok ? {} : { newest_good_backup: newestGoodBackup(backupFolderOf(file))?.file ?? null }),
      };
      print(options, value, () => `${check.ok ? 'ok' : `DAMAGED: ${check.problem}`}; schema ${check.schema_version ?? '?'}; WAL ${formatBytes(value.wal_bytes)}; ${formatBytes(value.free_disk_bytes)} free\n`
        + (value.newest_good_backup ? `Restore the newest good backup: shopfloor restore "${value.newest_good_backup}" --yes\n` : ''));
      if (!check.ok) context.setExitCode(1);
    });

  common(backup.command('verify <file>').description('check a backup: integrity, schema version, what it holds'))
    .action((file: string, options: Common) => {
      const check = verifyBackup(path.resolve(file));
      const { problem, ...result } = check;
      print(options, { ...result, problem }, () => check.ok
        ? `${file}: ok (schema ${check.schema_version}; ${formatCount(check.events ?? 0)} events, ${formatCount(check.users ?? 0)} customers, ${formatCount(check.batches ?? 0)} batches)\n`
        : `${file}: NOT OK: ${problem}\n`);
      if (!check.ok) context.setExitCode(1);
    });
}

/** `settings --backup-folder DIR --backup-keep daily=7,weekly=4 --raw-retention P90D` (added to the `settings` command). */
export function dataSettingsOptions(command: Command): Command {
  return command
    .option('--backup-folder <dir>', 'where backups go (e.g. a USB or network drive); "default" for the folder beside the database')
    .option('--backup-keep <kind=n,...>', 'backups kept per kind: daily, weekly, manual, pre-migration, pre-restore (e.g. daily=7,weekly=4)')
    .option('--raw-retention <duration>', 'keep raw rows of rejected and duplicate lines and profile pre-images this long after commit (e.g. P90D)');
}

export function applyDataSettings(db: Db, options: { backupFolder?: string; backupKeep?: string; rawRetention?: string }): DataSettings {
  const patch: DataSettingsPatch = {};
  if (options.backupFolder !== undefined) patch.backup_folder = options.backupFolder === 'default' ? null : path.resolve(options.backupFolder);
  if (options.backupKeep !== undefined) patch.keep = parseKeep(options.backupKeep);
  if (options.rawRetention !== undefined) patch.raw_retention = options.rawRetention;
  if (Object.keys(patch).length === 0) return readDataSettings(db);
  if (patch.raw_retention !== undefined && !/^P/.test(patch.raw_retention)) throw new ShopfloorError('bad_option', `--raw-retention needs an ISO 8601 duration such as P90D (got "${patch.raw_retention}")`);
  return writeDataSettings(db, patch);
}
