import v8 from 'node:v8';

/** What a workbook read whole (through SheetJS) may be, on top of the .xlsx reader's text budgets. */
export interface SheetjsLimits {
  /** Size of the file. SheetJS holds the whole workbook: an .xls takes about 20 times its size in memory. */
  maxFileBytes: number;
  /** Unpacked size of any one part of a zipped workbook (.xlsb, .ods), checked before SheetJS unpacks it. */
  maxUnpackedBytes: number;
  /** Filled cells an .ods may declare with its repeated rows and cells (SheetJS makes an object of each). */
  maxCells: number;
}

const MiB = 1024 * 1024;

export const defaultSheetjsLimits: SheetjsLimits = Object.freeze({
  maxFileBytes: 50 * MiB,
  maxUnpackedBytes: 512 * MiB,
  // About what SheetJS holds in its heap cap below: 65,536 rows of 9 cells took 320 MB.
  maxCells: 2_000_000,
});

/**
 * The heap of the thread that reads such a workbook. SheetJS keeps every cell as an object of its own
 * (measured: a 15 MB .xls of 65,536 rows took 320 MB), more than the streaming readers' 256 MB allow; a
 * file over the cap still ends in one line naming it. A process started with a smaller heap gives no more.
 */
export const SHEETJS_READER_HEAP_MB = Math.min(1024, Math.floor(v8.getHeapStatistics().heap_size_limit / MiB));

export function resolveSheetjsLimits(overrides: Partial<SheetjsLimits> | undefined): SheetjsLimits {
  const limits: SheetjsLimits = { ...defaultSheetjsLimits };
  for (const key of Object.keys(defaultSheetjsLimits) as (keyof SheetjsLimits)[]) {
    const value = overrides?.[key];
    if (value === undefined) continue;
    if (typeof value !== 'number' || !(value > 0)) throw new RangeError(`SheetJS limit ${key} must be a positive number, got ${String(value)}`);
    limits[key] = value;
  }
  return limits;
}
