import path from 'node:path';
import type { EventName } from '../../../shared/contract/events.ts';
import { methods, type MethodName } from '../../../shared/contract/methods.ts';
import type { Result } from '../../../shared/contract/result.ts';
import { defaultBackupKeep } from '../../../shared/model/data-safety.ts';
import { backupInFolder, listBackups } from '../backup/backup-files.ts';
import { backupWorkerBeside } from '../backup/backup-worker-thread.ts';
import { StoreDamagedError } from '../backup/damaged-store.ts';
import { replaceDamagedStore } from '../backup/replace-damaged-store.ts';
import { verifyBackup } from '../backup/verify-backup.ts';
import { systemClock } from '../clock.ts';
import { isShopfloorError, ShopfloorError, type ShopfloorError as ErrorType } from '../errors.ts';
import { GrantedPaths, namesOnlyGrantedPaths } from '../security/granted-paths.ts';
import type { CoreHost, CoreHostOptions } from './core-host-types.ts';

type Listener = (event: EventName, payload: unknown) => void;

/**
 * The core when the store failed its check at start: nothing opens it. The app can say what is wrong,
 * list the backups and restore one in the damaged store's place; after that the real core starts and
 * takes over (the window reloads on `store.restored`). Every other method answers `store_damaged`.
 */
export function startDamagedHost(options: CoreHostOptions, damage: ErrorType, startHealthy: (grants: GrantedPaths) => CoreHost): CoreHost {
  // Shared with the core that takes over after a restore: what the user chose stays chosen.
  const grants = options.grants ?? new GrantedPaths();
  const report = damage instanceof StoreDamagedError ? damage.report : { file: path.resolve(options.dbPath), problem: damage.message, backup_folder: path.join(path.dirname(path.resolve(options.dbPath)), 'backups'), newest_good_backup: null };
  const clock = options.clock ?? systemClock;
  const listeners = new Map<Listener, () => void>();
  let healthy: CoreHost | null = null;
  const refuse = (): Result<never> => ({ ok: false, error: { code: 'store_damaged', message: damage.describe() } });
  const backupFile = (ref: { name: string } | { path: string }): string => {
    const file = 'path' in ref ? path.resolve(ref.path) : backupInFolder(report.backup_folder, ref.name);
    if (!file) throw new ShopfloorError('bad_backup', 'not a backup in the backup folder');
    return file;
  };
  const answers: Partial<Record<MethodName, (input: never) => unknown>> = {
    'app.info': () => ({ version: options.version ?? '0.0.0', dbPath: options.dbPath, locale: options.locale ?? 'en', harness: options.harness ?? false }),
    'store.status': () => ({ state: 'damaged', file: report.file, problem: report.problem, backup_folder: report.backup_folder, newest_good_backup: report.newest_good_backup }),
    'data.get': () => {
      const { backups, missing } = listBackups(report.backup_folder);
      return { settings: { backup_folder: report.backup_folder, default_folder: false, keep: defaultBackupKeep, raw_retention: 'P90D' }, folder_missing: missing, backups, last_ok: null, last_error: null };
    },
    'backups.verify': (input: { name: string } | { path: string }) => verifyBackup(backupFile(input)),
    'backups.restore': async (input: { name: string } | { path: string }) => {
      const worker = backupWorkerBeside(options.importWorker);
      const result = await replaceDamagedStore(clock, { dbPath: path.resolve(options.dbPath), ...(worker ? { worker } : {}) }, backupFile(input));
      healthy = startHealthy(grants);
      for (const listener of listeners.keys()) listeners.set(listener, healthy.on(listener));
      for (const listener of listeners.keys()) listener('store.restored', { restored: result.restored, previous: result.previous });
      return result;
    },
  };
  return {
    grants,
    async invoke(method, input) {
      if (healthy) return healthy.invoke(method, input);
      const answer = answers[method as MethodName];
      if (!answer) return refuse();
      const parsed = methods[method as MethodName].input.safeParse(input ?? {});
      if (!parsed.success) return { ok: false, error: { code: 'bad_request', message: parsed.error.issues.map((issue) => issue.message).join('; ') } };
      if (!namesOnlyGrantedPaths(grants, method, parsed.data)) return { ok: false, error: { code: 'file_not_granted', message: 'choose the backup in the dialog' } };
      try {
        return { ok: true, value: await answer(parsed.data as never) };
      } catch (error) {
        if (isShopfloorError(error)) return { ok: false, error: { code: error.code, message: error.describe() } };
        return { ok: false, error: { code: 'internal', message: error instanceof Error ? error.message : String(error) } };
      }
    },
    on(listener) {
      listeners.set(listener, healthy ? healthy.on(listener) : () => undefined);
      return () => {
        listeners.get(listener)?.();
        listeners.delete(listener);
      };
    },
    emit(event, payload) {
      if (healthy) healthy.emit(event, payload);
      else for (const listener of listeners.keys()) listener(event, payload);
    },
    async close() {
      await healthy?.close();
    },
  };
}
