import { parentPort } from 'node:worker_threads';
import { isShopfloorError } from '../errors.ts';
import type { StageConfig } from '../import/stage-rows.ts';
import { openStagingInThread, type SourceOptions, type StageWorkerMessage, type StagingSource } from '../import/staging-source.ts';

/** Reads and validates one input file for an import running on another thread; see openStagingInWorker. */
type Command =
  | { type: 'open'; file: string; options: SourceOptions }
  | { type: 'start'; config: StageConfig; credits: number }
  | { type: 'samples'; count: number; maxChars: number }
  | { type: 'credit' };
/** After the header: stage the file, or only read a few rows for a preview. */
type Next = Extract<Command, { type: 'start' | 'samples' }>;

const port = parentPort!;
const post = (message: StageWorkerMessage): void => port.postMessage(message);

let credits = 0;
let opened: ((input: { file: string; options: SourceOptions }) => void) | undefined;
let chosen: ((next: Next) => void) | undefined;
let creditArrived: (() => void) | undefined;
const input = new Promise<{ file: string; options: SourceOptions }>((resolve) => {
  opened = resolve;
});
port.on('message', (command: Command) => {
  if (command.type === 'open') {
    opened?.(command);
  } else if (command.type === 'start') {
    credits += command.credits;
    chosen?.(command);
  } else if (command.type === 'samples') {
    chosen?.(command);
  } else {
    credits += 1;
    creditArrived?.();
    creditArrived = undefined;
  }
});

let source: StagingSource | undefined;
try {
  const { file, options } = await input;
  source = await openStagingInThread(file, options);
  const next = await new Promise<Next>((resolve) => {
    chosen = resolve;
    post({ type: 'header', header: source!.header, info: source!.info });
  });
  if (next.type === 'samples') {
    post({ type: 'samples', rows: await source.samples(next.count, next.maxChars) });
  } else {
    for await (const chunk of source.stage(next.config)) {
      while (credits === 0) {
        await new Promise<void>((resolve) => {
          creditArrived = resolve;
        });
      }
      credits -= 1;
      post({ type: 'chunk', chunk });
    }
    const ignored = source.ignoredCells();
    post(ignored === undefined ? { type: 'end' } : { type: 'end', ignored });
  }
} catch (error) {
  post({
    type: 'failed',
    error: isShopfloorError(error)
      ? { code: error.code, message: error.message, ...(error.location ? { location: error.location } : {}) }
      : { message: error instanceof Error ? error.message : String(error) },
  });
} finally {
  await source?.close();
  port.close();
}
