import { Worker } from 'node:worker_threads';
import { currentNativeBinding } from '../store/sqlite-binding.ts';
import { coreWorkerScript, workerBeside, type WorkerScript } from '../worker-script.ts';
import type { CopyRequest, CopyResult } from './copy-database.ts';

export type { WorkerScript } from '../worker-script.ts';

/** In the bundled app, the backup worker beside its import worker. */
export function backupWorkerBeside(importWorker: { path: string; execArgv?: string[] } | undefined): WorkerScript | undefined {
  return workerBeside(importWorker, 'backup-worker');
}

/** Copies the store on a worker thread; rejects with `{ code, message }` as the copy failed. */
export function copyInWorker(request: CopyRequest, script: WorkerScript = coreWorkerScript('backup-worker')): Promise<CopyResult> {
  return new Promise((resolve, reject) => {
    // The worker loads SQLite itself: it needs this process's addon (Electron's ABI) by name.
    const binding = currentNativeBinding();
    const worker = new Worker(script.path, { workerData: { ...request, ...(binding ? { nativeBinding: binding } : {}), entry: script.entry }, execArgv: script.execArgv ?? [] });
    let settled = false;
    worker.on('message', (message: { type: 'done'; result: CopyResult } | { type: 'failed'; error: { code: string; message: string } }) => {
      settled = true;
      if (message.type === 'done') resolve(message.result);
      else reject(Object.assign(new Error(message.error.message), { code: message.error.code }));
    });
    worker.on('error', (error) => {
      if (settled) return;
      settled = true;
      reject(error);
    });
    worker.on('exit', () => {
      if (!settled) reject(new Error('the backup stopped unexpectedly'));
    });
  });
}
