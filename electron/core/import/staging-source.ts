import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { isBlankRow } from '../../../shared/import/validate-row.ts';
import { ShopfloorError, type FileLocation } from '../errors.ts';
import type { TextEncoding } from './detect-encoding.ts';
import { openRowSource } from './open-row-source.ts';
import type { SourceInfo, SourceRow } from './source-row.ts';
import type { StagedChunk } from './staged-chunk.ts';
import { createRowStager, type StageConfig } from './stage-rows.ts';

export interface SourceOptions {
  encoding?: TextEncoding;
  delimiter?: string;
  sheet?: string;
  displayName: string;
}

/** An opened input file whose header has been read: the caller maps it, then stages the rest. */
export interface StagingSource {
  header: SourceRow;
  info: SourceInfo;
  /** Validated chunks to the end of the file. */
  stage(config: StageConfig): AsyncIterable<StagedChunk>;
  close(): Promise<void>;
}

export async function readHeader(iterator: AsyncIterator<SourceRow[]>, displayName: string): Promise<{ header: SourceRow; rest: SourceRow[] }> {
  for (;;) {
    const next = await iterator.next();
    if (next.done) throw new ShopfloorError('no_header', 'the file is empty: no header row was found', { file: displayName });
    const index = next.value.findIndex((row) => !isBlankRow(row.cells));
    if (index >= 0) return { header: next.value[index]!, rest: next.value.slice(index + 1) };
  }
}

/** Reads and validates on the calling thread. */
export async function openStagingInThread(file: string, options: SourceOptions): Promise<StagingSource> {
  const source = await openRowSource(file, options);
  const iterator = source.rows()[Symbol.asyncIterator]();
  const close = async (): Promise<void> => {
    await iterator.return?.();
    await source.close();
  };
  let first;
  try {
    first = await readHeader(iterator, options.displayName);
  } catch (error) {
    await close();
    throw error;
  }
  const { header, rest } = first;
  return {
    header,
    info: source.info,
    async *stage(config) {
      const stage = createRowStager(config);
      yield stage(rest, source.bytesRead());
      for (;;) {
        const next = await iterator.next();
        if (next.done) return;
        yield stage(next.value, source.bytesRead());
      }
    },
    close,
  };
}

/** What the staging worker posts back. */
export type StageWorkerMessage =
  | { type: 'header'; header: SourceRow; info: SourceInfo }
  | { type: 'chunk'; chunk: StagedChunk }
  | { type: 'end' }
  | { type: 'failed'; error: { code?: string; message: string; location?: FileLocation } };

// Chunks (of 64 KB of text each) the worker may read ahead of the writer: enough to keep it busy while
// the writer commits, few enough to bound memory.
const CHUNKS_AHEAD = 32;
const YOUNG_GENERATION_MB = 64;
// Its live data is a few chunks and at most one 32 MB runaway record; a bound keeps a hostile file from taking the machine.
const OLD_GENERATION_MB = 256;

/** From source the worker runs through the TypeScript loader; in a bundle it sits beside the import worker. */
function stageWorkerScript(): { path: string; entry?: string } | undefined {
  const here = import.meta.url;
  if (here.endsWith('.ts')) {
    return { path: fileURLToPath(new URL('../workers/run-ts-worker.mjs', here)), entry: new URL('../workers/stage-worker.ts', here).href };
  }
  const sibling = fileURLToPath(new URL('./stage-worker.mjs', here));
  return /[\\/]workers[\\/][^\\/]*$/.test(fileURLToPath(here)) && fs.existsSync(sibling) ? { path: sibling } : undefined;
}

export function canStageInWorker(): boolean {
  return stageWorkerScript() !== undefined;
}

function toError(error: { code?: string; message: string; location?: FileLocation }): Error {
  return error.code === undefined ? new Error(error.message) : new ShopfloorError(error.code, error.message, error.location);
}

/**
 * Reads and validates in a worker thread, so parsing runs on one core while the caller writes to
 * SQLite on another. The worker stays at most a few chunks ahead: it waits for a credit per chunk taken.
 */
export async function openStagingInWorker(file: string, options: SourceOptions): Promise<StagingSource> {
  const script = stageWorkerScript();
  if (script === undefined) throw new Error('this build has no staging worker (stage-worker.mjs beside the import worker)');
  // A larger young generation: validation makes many short-lived strings, and the default one
  // collects so often that the worker spent a third of its time in the garbage collector.
  // No inherited execArgv: the parent's --import hooks are for its own thread (the worker registers its own loader).
  const worker = new Worker(script.path, {
    workerData: { entry: script.entry, file, options },
    execArgv: [],
    resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB, maxOldGenerationSizeMb: OLD_GENERATION_MB },
  });
  const inbox: StageWorkerMessage[] = [];
  let wake: (() => void) | undefined;
  let stopped: Error | undefined;
  const deliver = (): void => {
    wake?.();
    wake = undefined;
  };
  worker.on('message', (message: StageWorkerMessage) => {
    inbox.push(message);
    deliver();
  });
  worker.on('error', (error) => {
    stopped ??= error;
    deliver();
  });
  worker.on('exit', () => {
    stopped ??= new Error('the file reader stopped unexpectedly');
    deliver();
  });
  const receive = async (): Promise<StageWorkerMessage> => {
    for (;;) {
      const message = inbox.shift();
      if (message !== undefined) {
        if (message.type === 'failed') throw toError(message.error);
        return message;
      }
      if (stopped !== undefined) throw stopped;
      await new Promise<void>((resolve) => {
        wake = resolve;
      });
    }
  };
  const close = async (): Promise<void> => {
    await worker.terminate();
  };

  let first;
  try {
    first = await receive();
    if (first.type !== 'header') throw new Error(`the file reader sent ${first.type} before the header`);
  } catch (error) {
    await close();
    throw error;
  }
  return {
    header: first.header,
    info: first.info,
    async *stage(config) {
      worker.postMessage({ type: 'start', config, credits: CHUNKS_AHEAD });
      for (;;) {
        const message = await receive();
        if (message.type === 'end') return;
        if (message.type !== 'chunk') throw new Error(`the file reader sent ${message.type} while staging`);
        worker.postMessage({ type: 'credit' });
        yield message.chunk;
      }
    },
    close,
  };
}
