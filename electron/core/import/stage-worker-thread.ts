import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import v8 from 'node:v8';
import { Worker } from 'node:worker_threads';

// Validation makes many short-lived strings. In side-by-side 1M-row imports a 16 MB young generation
// took 11.6–13.0 s and 32 MB 8.5–8.7 s; 64 MB was no faster and cost 40 MB more RSS.
const YOUNG_GENERATION_MB = 32;
// Its live data is a few chunks and at most one 32 MB runaway record; a bound keeps a hostile file from
// taking the machine. A process started with a smaller heap (--max-old-space-size) gives the worker no more.
export const READER_HEAP_MB = Math.min(256, Math.floor(v8.getHeapStatistics().heap_size_limit / 1024 / 1024));

/**
 * From source the worker runs through the TypeScript loader; in a bundle it is a sibling of the file that
 * holds this code: beside the app's import worker (dist/main/workers), or in the command line's dist/cli.
 */
function stageWorkerScript(): { path: string; entry?: string } | undefined {
  const here = import.meta.url;
  if (here.endsWith('.ts')) {
    return { path: fileURLToPath(new URL('../workers/run-ts-worker.mjs', here)), entry: new URL('../workers/stage-worker.ts', here).href };
  }
  const sibling = fileURLToPath(new URL('./stage-worker.mjs', here));
  return fs.existsSync(sibling) ? { path: sibling } : undefined;
}

export function canStageInWorker(): boolean {
  return stageWorkerScript() !== undefined;
}

/** A started staging worker. Its messages queue up from the start, so none is lost before someone reads them. */
export class StageWorkerThread<Message> {
  private readonly inbox: Message[] = [];
  private wake: (() => void) | undefined;
  private stopped: Error | undefined;

  constructor(private readonly worker: Worker) {
    worker.on('message', (message: Message) => {
      this.inbox.push(message);
      this.deliver();
    });
    worker.on('error', (error) => {
      this.stopped ??= error;
      this.deliver();
    });
    worker.on('exit', () => {
      this.stopped ??= new Error('the file reader stopped unexpectedly');
      this.deliver();
    });
  }

  post(message: unknown): void {
    this.worker.postMessage(message);
  }

  async receive(): Promise<Message> {
    for (;;) {
      const message = this.inbox.shift();
      if (message !== undefined) return message;
      if (this.stopped !== undefined) throw this.stopped;
      await new Promise<void>((resolve) => {
        this.wake = resolve;
      });
    }
  }

  async close(): Promise<void> {
    await this.worker.terminate();
  }

  private deliver(): void {
    this.wake?.();
    this.wake = undefined;
  }
}

export function startStageWorker<Message>(heapMb = READER_HEAP_MB): StageWorkerThread<Message> {
  const script = stageWorkerScript();
  if (script === undefined) throw new Error('this build has no staging worker (stage-worker.mjs beside the import worker)');
  // No inherited execArgv: the parent's --import hooks are for its own thread (the worker registers its own loader).
  return new StageWorkerThread<Message>(new Worker(script.path, {
    workerData: { entry: script.entry },
    execArgv: [],
    resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB, maxOldGenerationSizeMb: heapMb },
  }));
}
