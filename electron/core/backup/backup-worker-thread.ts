import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { currentNativeBinding } from '../store/sqlite-binding.ts';
import type { CopyRequest, CopyResult } from './copy-database.ts';

export interface WorkerScript {
  path: string;
  execArgv?: string[];
  /** From source: the TypeScript module the loader entry runs. */
  entry?: string;
}

/**
 * From source the worker runs through the TypeScript loader, as the import worker does; in the command
 * line's bundle it is a sibling of the chunk holding this code (dist/cli, build/build-cli.mjs). The app
 * names its own (backupWorkerBeside).
 */
function defaultScript(): WorkerScript {
  const here = import.meta.url;
  if (here.endsWith('.ts')) {
    return { path: fileURLToPath(new URL('../workers/run-ts-worker.mjs', here)), entry: new URL('../workers/backup-worker.ts', here).href };
  }
  return { path: fileURLToPath(new URL('./backup-worker.mjs', here)) };
}

/** A bundled app names its import worker; the backup worker is built beside it (build/build-app.mjs builds every worker there). */
export function backupWorkerBeside(importWorker: { path: string; execArgv?: string[] } | undefined): WorkerScript | undefined {
  return importWorker ? { path: path.join(path.dirname(importWorker.path), 'backup-worker.mjs'), ...(importWorker.execArgv ? { execArgv: importWorker.execArgv } : {}) } : undefined;
}

/** Copies the store on a worker thread; rejects with `{ code, message }` as the copy failed. */
export function copyInWorker(request: CopyRequest, script: WorkerScript = defaultScript()): Promise<CopyResult> {
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
