import { isBlankRow } from '../../../shared/import/validate-row.ts';
import { ShopfloorError, type FileLocation } from '../errors.ts';
import type { TextEncoding } from './detect-encoding.ts';
import { openRowSource } from './open-row-source.ts';
import { MAX_COLUMNS } from './import-limits.ts';
import type { IgnoredCells, SourceInfo, SourceRow } from './source-row.ts';
import type { StagedChunk } from './staged-chunk.ts';
import { createRowStager, type StageConfig } from './stage-rows.ts';
import type { SourceFormat } from '../../../shared/model/source-format.ts';
import { SHEETJS_READER_HEAP_MB } from './sheetjs/sheetjs-limits.ts';
import { READER_HEAP_MB, startStageWorker } from './stage-worker-thread.ts';

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
  /** Instead of staging: the next `count` non-blank rows, each cell cut to `maxChars` (what a preview shows). */
  samples(count: number, maxChars: number): Promise<SourceRow[]>;
  /** Cells right of the header that were not read, once stage() has ended. */
  ignoredCells(): IgnoredCells | undefined;
  close(): Promise<void>;
}

async function readHeader(iterator: AsyncIterator<SourceRow[]>, displayName: string): Promise<{ header: SourceRow; rest: SourceRow[] }> {
  for (;;) {
    const next = await iterator.next();
    if (next.done) throw new ShopfloorError('no_header', 'the file is empty: no header row was found', { file: displayName });
    const index = next.value.findIndex((row) => !isBlankRow(row.cells));
    if (index < 0) continue;
    const header = next.value[index]!;
    checkWidth(header, displayName);
    return { header, rest: next.value.slice(index + 1) };
  }
}

// Every column can become a custom attribute, and every message lists headers: a 100,000-column
// file made 100,000 attribute types. Trailing blank header cells are not columns anyone named.
function checkWidth(header: SourceRow, displayName: string): void {
  let width = header.cells.length;
  while (width > 0 && header.cells[width - 1]!.trim() === '') width -= 1;
  if (width > MAX_COLUMNS) {
    throw new ShopfloorError('too_many_columns',
      `the header has ${width.toLocaleString('en-US')} columns; an import reads at most ${MAX_COLUMNS.toLocaleString('en-US')} (is this the right file or sheet?)`,
      { file: displayName, row: header.rowNo });
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
    async samples(count, maxChars) {
      const rows: SourceRow[] = [];
      const take = (batch: readonly SourceRow[]) => {
        for (const row of batch) {
          if (rows.length < count && !isBlankRow(row.cells)) rows.push({ rowNo: row.rowNo, cells: row.cells.map((cell) => cell.slice(0, maxChars)) });
        }
      };
      take(rest);
      while (rows.length < count) {
        const next = await iterator.next();
        if (next.done) break;
        take(next.value);
      }
      return rows;
    },
    ignoredCells: () => source.ignoredCells?.(),
    close,
  };
}

/** The heap of the reading worker for a file of this format: SheetJS holds a whole workbook as objects. */
export function readerHeapFor(format: SourceFormat): number {
  return format === 'xls' || format === 'xlsb' || format === 'ods' ? SHEETJS_READER_HEAP_MB : READER_HEAP_MB;
}

/** What the staging worker posts back. */
export type StageWorkerMessage =
  | { type: 'header'; header: SourceRow; info: SourceInfo }
  | { type: 'chunk'; chunk: StagedChunk }
  | { type: 'end'; ignored?: IgnoredCells }
  | { type: 'samples'; rows: SourceRow[] }
  | { type: 'failed'; error: { code?: string; message: string; location?: FileLocation } };

// Chunks (of 64 KB of text each) the worker may read ahead of the writer: enough to keep it busy while
// the writer commits, few enough to bound memory.
const CHUNKS_AHEAD = 32;

function toError(error: { code?: string; message: string; location?: FileLocation }): Error {
  return error.code === undefined ? new Error(error.message) : new ShopfloorError(error.code, error.message, error.location);
}

/**
 * Reads and validates in a worker thread, so parsing runs on one core while the caller writes to
 * SQLite on another. The worker stays a bounded distance ahead: it waits for a credit per chunk taken.
 */
export async function openStagingInWorker(file: string, options: SourceOptions, heapMb = READER_HEAP_MB): Promise<StagingSource> {
  const thread = startStageWorker<StageWorkerMessage>(heapMb);
  const receive = async (): Promise<StageWorkerMessage> => {
    let message;
    try {
      message = await thread.receive();
    } catch (error) {
      // The thread itself died (out of its memory limit, or killed): still one line about this file.
      if ((error as NodeJS.ErrnoException).code === 'ERR_WORKER_OUT_OF_MEMORY') {
        throw new ShopfloorError('out_of_memory',
          `reading it needs more memory than an import may use (${heapMb} MB); nothing was saved`, { file: options.displayName });
      }
      const reason = error instanceof Error ? error.message : String(error);
      throw new ShopfloorError('reader_failed', `reading the file stopped: ${reason}; nothing was saved`, { file: options.displayName });
    }
    if (message.type === 'failed') throw toError(message.error);
    return message;
  };
  const close = () => thread.close();
  thread.post({ type: 'open', file, options });

  let first;
  try {
    first = await receive();
    if (first.type !== 'header') throw new Error(`the file reader sent ${first.type} before the header`);
  } catch (error) {
    await close();
    throw error;
  }
  let ignored: IgnoredCells | undefined;
  return {
    header: first.header,
    info: first.info,
    async *stage(config) {
      thread.post({ type: 'start', config, credits: CHUNKS_AHEAD });
      for (;;) {
        const message = await receive();
        if (message.type === 'end') {
          ignored = message.ignored;
          return;
        }
        if (message.type !== 'chunk') throw new Error(`the file reader sent ${message.type} while staging`);
        thread.post({ type: 'credit' });
        yield message.chunk;
      }
    },
    async samples(count, maxChars) {
      thread.post({ type: 'samples', count, maxChars });
      const message = await receive();
      if (message.type !== 'samples') throw new Error(`the file reader sent ${message.type} instead of sample rows`);
      return message.rows;
    },
    ignoredCells: () => ignored,
    close,
  };
}
