import crypto from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import v8 from 'node:v8';
import { Worker } from 'node:worker_threads';
import type { ApiError } from '../../../shared/contract/schemas.ts';
import type { ImportOptions, ImportProgress } from './import-file.ts';

export interface ImportJobEvents {
  progress(jobId: string, progress: ImportProgress): void;
  done(jobId: string, batchId: number): void;
  failed(jobId: string, error: ApiError): void;
}

// From source, the TypeScript worker runs through a small loader entry; a bundled app passes its built worker.
const defaultWorker = { path: fileURLToPath(new URL('../workers/run-ts-worker.mjs', import.meta.url)), entry: new URL('../workers/import-worker.ts', import.meta.url).href };

// The import thread writes what the reading thread validated and holds a few chunks of it. A worker
// without a heap cap that runs out of memory takes the whole process (Electron's main) down with V8's
// abort; with a cap it ends with an error about the file.
const IMPORT_HEAP_MB = Math.min(512, Math.floor(v8.getHeapStatistics().heap_size_limit / 1024 / 1024));

/**
 * Imports run in a worker thread with their own database connection: parsing a million rows must
 * not freeze the window (Electron's main process) or the harness. One job per file; cancellable.
 */
export class ImportJobs {
  private readonly workers = new Map<string, Worker>();
  /** Jobs that have not reported their outcome yet (a worker that did lingers a moment before it exits). */
  private readonly unsettled = new Set<string>();

  constructor(
    private readonly dbPath: string,
    private readonly events: ImportJobEvents,
    private readonly worker: { path: string; execArgv?: string[]; entry?: string } = defaultWorker,
    private readonly nativeBinding?: string,
  ) {}

  start(options: Omit<ImportOptions, 'signal' | 'onProgress'>): string {
    const jobId = crypto.randomUUID();
    const worker = new Worker(this.worker.path, {
      workerData: { dbPath: this.dbPath, nativeBinding: this.nativeBinding, options, entry: this.worker.entry },
      execArgv: this.worker.execArgv ?? [],
      resourceLimits: { maxOldGenerationSizeMb: IMPORT_HEAP_MB },
    });
    const file = path.basename(options.file);
    this.workers.set(jobId, worker);
    this.unsettled.add(jobId);
    let settled = false;
    worker.on('message', (message: { type: 'progress'; progress: ImportProgress } | { type: 'done'; batchId: number } | { type: 'failed'; error: ApiError }) => {
      if (message.type === 'progress') this.events.progress(jobId, message.progress);
      else if (message.type === 'done') {
        settled = true;
        this.unsettled.delete(jobId);
        this.events.done(jobId, message.batchId);
      } else {
        settled = true;
        this.unsettled.delete(jobId);
        this.events.failed(jobId, message.error);
      }
    });
    worker.on('error', (error) => {
      if (settled) return;
      settled = true;
      this.events.failed(jobId, (error as NodeJS.ErrnoException).code === 'ERR_WORKER_OUT_OF_MEMORY'
        ? { code: 'out_of_memory', message: `${file}: the import needs more memory than it may use (${IMPORT_HEAP_MB} MB); nothing was saved` }
        : { code: 'internal', message: `${file}: ${error.message}` });
    });
    worker.on('exit', () => {
      this.workers.delete(jobId);
      this.unsettled.delete(jobId);
      if (!settled) this.events.failed(jobId, { code: 'internal', message: `${file}: the import stopped unexpectedly; nothing was saved` });
    });
    return jobId;
  }

  /** Imports running now (a restore waits for none). */
  get active(): number {
    return this.unsettled.size;
  }

  cancel(jobId: string): boolean {
    const worker = this.workers.get(jobId);
    if (!worker) return false;
    worker.postMessage({ type: 'cancel' });
    return true;
  }

  async close(): Promise<void> {
    await Promise.all([...this.workers.values()].map((worker) => worker.terminate()));
  }
}
