import path from 'node:path';
import { isEventName, type EventName } from '../../../shared/contract/events.ts';
import { isMethodName, methods } from '../../../shared/contract/methods.ts';
import type { Result } from '../../../shared/contract/result.ts';
import { recoverInterruptedImports } from '../batches/recover-imports.ts';
import { systemClock } from '../clock.ts';
import { isShopfloorError, ShopfloorError } from '../errors.ts';
import { ImportJobs } from '../import/import-jobs.ts';
import { defaultSecretBox } from '../channels/secret-box.ts';
import { runAutomation, type AutomationResult } from '../automation/run-automation.ts';
import { EngineRunner } from '../scheduler/engine-runner.ts';
import { SchedulerLoop } from '../scheduler/scheduler-loop.ts';
import { GrantedPaths, namesOnlyGrantedPaths, OPTIONAL_FOLDER_METHODS } from '../security/granted-paths.ts';
import { getBatch, toSummary } from '../store/batch-repo.ts';
import { backupWorkerBeside } from '../backup/backup-worker-thread.ts';
import { checkpointWorkerBeside } from '../store/background-checkpoints.ts';
import { previewWorkerBeside } from '../journey/preview-customers-thread.ts';
import { SimulationWorkers, simulateWorkerBeside } from '../journey/simulation-workers.ts';
import { Maintenance } from '../backup/maintenance.ts';
import type { BackupSource } from '../backup/take-backup.ts';
import { diskFullError, isDiskFull } from '../store/disk-full.ts';
import { openStore, type Db } from '../store/open-store.ts';
import { startDamagedHost } from './damaged-host.ts';
import type { CoreHost, CoreHostOptions } from './core-host-types.ts';
import { createHandlers } from './core-handlers.ts';

/** The core behind one API: the Electron main process and the browser harness both run this. */
export function startCoreHost(options: CoreHostOptions): CoreHost {
  const clock = options.clock ?? systemClock;
  let db: Db;
  try {
    db = openStore(options.dbPath, { clock, check: true, ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}) });
  } catch (error) {
    // A damaged store is not opened at all: the app says so and offers the newest good backup.
    if (isShopfloorError(error) && error.code === 'store_damaged') return startDamagedHost(options, error, (grants) => startCoreHost({ ...options, grants }));
    throw error;
  }
  try {
    recoverInterruptedImports(db, clock);
  } catch (error) {
    // On a full disk the clean-up waits for the next start; reading must keep working.
    if (!isDiskFull(error)) throw error;
  }
  const listeners = new Set<(event: EventName, payload: unknown) => void>();
  const emit = (event: EventName, payload: unknown) => {
    for (const listener of listeners) listener(event, payload);
  };
  const jobs = new ImportJobs(options.dbPath, {
    progress: (jobId, progress) => emit('import.progress', { jobId, ...progress }),
    done: (jobId, batchId) => {
      emit('import.finished', { jobId, batch: toSummary(getBatch(db, batchId)) });
      emit('data.changed', { what: 'batches' });
    },
    failed: (jobId, error) => emit('import.failed', { jobId, error }),
  }, options.importWorker, options.nativeBinding);
  const secretBox = options.secretBox ?? defaultSecretBox(process.env, path.dirname(path.resolve(options.dbPath)));
  const runner = new EngineRunner(db, clock, secretBox, undefined, checkpointWorkerBeside(options.importWorker));
  const spoolDir = path.join(path.dirname(path.resolve(options.dbPath)), 'upstream-spool');
  let automating: Promise<AutomationResult> | null = null;
  // Watched folders and the upstream queue run one pass at a time; a pass asked for during another waits for it.
  const automation = async (force: boolean): Promise<AutomationResult> => {
    while (automating) await automating.catch(() => undefined);
    automating = runAutomation(db, clock, secretBox, { spoolDir, force });
    try {
      const result = await automating;
      for (const item of result.results) {
        if (item.outcome === 'review') emit('automation.review', { file: item.file, batch_id: item.batch_id ?? 0, rejected_rate: item.rejected_rate ?? 0, detail: item.detail ?? '' });
        if (item.outcome === 'failed') emit('automation.failed', { file: item.file, detail: item.detail ?? '' });
      }
      if (result.results.some((item) => item.outcome !== 'waiting')) {
        emit('data.changed', { what: 'batches' });
        emit('data.changed', { what: 'automation' });
      }
      if (result.upstream && (result.upstream.sent > 0 || result.upstream.planned > 0)) emit('data.changed', { what: 'upstream' });
      return result;
    } finally {
      automating = null;
    }
  };
  const grants = options.grants ?? new GrantedPaths();
  const source: BackupSource = { dbPath: path.resolve(options.dbPath), ...(backupWorkerBeside(options.importWorker) ? { worker: backupWorkerBeside(options.importWorker)! } : {}) };
  const maintenance = new Maintenance(db, clock, source, {
    backedUp: () => emit('data.changed', { what: 'backups' }),
    backupFailed: (problem) => emit('backup.failed', problem),
    purged: () => emit('data.changed', { what: 'batches' }),
  });
  let restoring = false;
  // A restore replaces every table: nothing else may be half-way through using them.
  const exclusive = async <T>(work: () => Promise<T>): Promise<T> => {
    if (jobs.active > 0) throw new ShopfloorError('import_running', 'an import is running: let it finish (or cancel it), then restore');
    if (restoring) throw new ShopfloorError('restore_running', 'a restore is already running');
    restoring = true;
    try {
      await scheduler?.stop();
      while (automating) await automating.catch(() => undefined);
      return await work();
    } finally {
      restoring = false;
      scheduler?.start();
    }
  };
  const simulations = new SimulationWorkers(simulateWorkerBeside(options.importWorker));
  const handlers = createHandlers({
    db, clock, jobs, emit, runner, secretBox, grants, spoolDir, automation,
    previewWorker: previewWorkerBeside(options.importWorker), simulations,
    info: { version: options.version ?? '0.0.0', dbPath: options.dbPath, locale: options.locale ?? 'en', harness: options.harness ?? false },
    safety: { db, clock, source, spoolDir, emit, exclusive },
  });
  const interval = options.schedulerIntervalMs ?? 15_000;
  const tasks = {
    tick: async () => {
      const result = await runner.tick();
      await automation(false);
      await maintenance.run();
      return result;
    },
  };
  const scheduler = interval > 0 ? new SchedulerLoop(tasks, {
    intervalMs: interval,
    onTick: (result) => {
      if (result.sent + result.stale > 0 || result.journeys.some((journey) => journey.ingestions + journey.timers + journey.evaluations > 0)) {
        emit('data.changed', { what: 'outbox' });
        emit('data.changed', { what: 'journeys' });
      }
    },
  }) : null;
  scheduler?.start();

  return {
    grants,
    async invoke(method: string, input: unknown): Promise<Result<unknown>> {
      if (!isMethodName(method)) return { ok: false, error: { code: 'unknown_method', message: `no method "${method}"` } };
      const parsed = methods[method].input.safeParse(input ?? {});
      if (!parsed.success) {
        return { ok: false, error: { code: 'bad_request', message: parsed.error.issues.map((issue) => `${issue.path.join('.') || 'input'}: ${issue.message}`).join('; ') } };
      }
      // The one check of file paths, for the Electron window and the browser harness alike.
      if (!namesOnlyGrantedPaths(grants, method, parsed.data)) {
        return { ok: false, error: { code: 'file_not_granted', message: OPTIONAL_FOLDER_METHODS.has(method) ? 'choose the folder with the Choose folder button' : 'choose the file with the Import button or drop it on the window' } };
      }
      try {
        const handler = handlers[method] as (input: unknown) => unknown;
        return { ok: true, value: await handler(parsed.data) };
      } catch (caught) {
        const error = isDiskFull(caught) ? diskFullError('nothing was saved by this action') : caught;
        if (isShopfloorError(error)) return { ok: false, error: { code: error.code, message: error.describe(), ...error.location } };
        return { ok: false, error: { code: 'internal', message: error instanceof Error ? error.message : String(error) } };
      }
    },
    on(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    emit(event, payload) {
      if (isEventName(event)) emit(event, payload);
    },
    async close() {
      await scheduler?.stop();
      await jobs.close();
      await simulations.close();
      db.close();
    },
  };
}
