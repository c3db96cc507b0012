import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** How to start one of the core's worker threads. */
export interface WorkerScript {
  path: string;
  execArgv?: string[];
  /** From source: the TypeScript module the loader entry runs. */
  entry?: string;
}

/**
 * A worker of electron/core/workers by name. From source it runs through the TypeScript loader; in the
 * command line's bundle it is a sibling of the chunk holding this code (dist/cli is flat,
 * build/build-cli.mjs). The app names its own (workerBeside).
 */
export function coreWorkerScript(name: string): WorkerScript {
  const here = import.meta.url;
  if (here.endsWith('.ts')) {
    return { path: fileURLToPath(new URL('./workers/run-ts-worker.mjs', here)), entry: new URL(`./workers/${name}.ts`, here).href };
  }
  return { path: fileURLToPath(new URL(`./${name}.mjs`, here)) };
}

/** A bundled app names its import worker; build/build-app.mjs builds every other worker beside it. */
export function workerBeside(importWorker: { path: string; execArgv?: string[] } | undefined, name: string): WorkerScript | undefined {
  return importWorker ? { path: path.join(path.dirname(importWorker.path), `${name}.mjs`), ...(importWorker.execArgv ? { execArgv: importWorker.execArgv } : {}) } : undefined;
}
