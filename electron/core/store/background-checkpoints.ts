import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { coreWorkerScript, workerBeside, type WorkerScript } from '../worker-script.ts';
import type { CheckpointWorkerData } from '../workers/checkpoint-worker.ts';
import { currentNativeBinding } from './sqlite-binding.ts';
import type { Db } from './open-store.ts';

/** In the bundled app, the checkpoint worker beside its import worker. */
export function checkpointWorkerBeside(importWorker: { path: string; execArgv?: string[] } | undefined): WorkerScript | undefined {
  return workerBeside(importWorker, 'checkpoint-worker');
}

export interface BackgroundCheckpoints {
  /** Hands checkpoints back to the connection and waits for the worker's last one. */
  stop(): Promise<void>;
}

/**
 * While it runs, the connection's own checkpoints are off and a worker thread checkpoints the WAL every
 * `everyMs`. null for a store without a WAL file (in memory). If the worker fails or exits early, the
 * connection checkpoints again itself at once, so the WAL never grows unchecked.
 */
export function checkpointInBackground(db: Db, script: WorkerScript = coreWorkerScript('checkpoint-worker'), everyMs = 50): BackgroundCheckpoints | null {
  if (db.memory || db.pragma('journal_mode', { simple: true }) !== 'wal') return null;
  const own = db.pragma('wal_autocheckpoint', { simple: true }) as number;
  let handedBack = false;
  const handBack = (): void => {
    if (handedBack) return;
    handedBack = true;
    if (db.open) db.pragma(`wal_autocheckpoint = ${own}`);
  };
  const binding = currentNativeBinding();
  const data: CheckpointWorkerData = { file: path.resolve(db.name), everyMs, ...(binding ? { nativeBinding: binding } : {}) };
  const worker = new Worker(script.path, { workerData: { ...data, entry: script.entry }, execArgv: script.execArgv ?? [] });
  // Never keeps the process alive: a command that ends while it runs exits as before.
  worker.unref();
  const exited = new Promise<void>((resolve) => {
    worker.once('exit', () => {
      handBack();
      resolve();
    });
  });
  worker.on('error', handBack);
  db.pragma('wal_autocheckpoint = 0');
  return {
    async stop() {
      handBack();
      worker.postMessage('stop');
      // A worker that does not finish its last checkpoint soon is stopped: the connection checkpoints again itself.
      const timeout = setTimeout(() => void worker.terminate(), 5_000);
      await exited;
      clearTimeout(timeout);
    },
  };
}
