import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { currentNativeBinding } from '../store/sqlite-binding.ts';
import type { Db } from '../store/open-store.ts';
import { coreWorkerScript, workerBeside, type WorkerScript } from '../worker-script.ts';
import type { PreviewCustomersData, PreviewCustomersReply } from '../workers/preview-customers-worker.ts';
import type { PreviewNames } from './preview-customers.ts';

/** In the bundled app, the preview's worker beside its import worker. */
export function previewWorkerBeside(importWorker: { path: string; execArgv?: string[] } | undefined): WorkerScript | undefined {
  return workerBeside(importWorker, 'preview-customers-worker');
}

/**
 * `previewCustomers` on a worker thread with its own connection, and the store's state it read them in.
 * null when it cannot run there (a store in memory, a worker that fails): the caller reads them itself.
 */
export function customersInBackground(db: Db, names: PreviewNames, script: WorkerScript = coreWorkerScript('preview-customers-worker'))
  : Promise<{ state: string; customers: string[] } | null> {
  if (db.memory) return Promise.resolve(null);
  const binding = currentNativeBinding();
  const data: PreviewCustomersData = { file: path.resolve(db.name), names, ...(binding ? { nativeBinding: binding } : {}) };
  return new Promise((resolve) => {
    let worker: Worker;
    try {
      worker = new Worker(script.path, { workerData: { ...data, entry: script.entry }, execArgv: script.execArgv ?? [] });
    } catch {
      resolve(null);
      return;
    }
    worker.once('message', (reply: PreviewCustomersReply) => resolve(reply.ok ? { state: reply.state, customers: reply.customers } : null));
    worker.once('error', () => resolve(null));
    worker.once('exit', () => resolve(null));
  });
}
