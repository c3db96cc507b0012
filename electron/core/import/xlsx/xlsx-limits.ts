import { MAX_COLUMNS } from '../import-limits.ts';

/** Upper bounds that keep a hostile or runaway workbook from exhausting memory or disk time. */
export interface XlsxLimits {
  /** Unpacked size of the sheet being read. */
  maxEntryBytes: number;
  /** Unpacked size of xl/sharedStrings.xml. */
  maxSharedStringsBytes: number;
  /** Number of entries in the shared strings table. */
  maxSharedStrings: number;
  /** Unpacked size of the small parts: workbook, relationships, styles. */
  maxPartBytes: number;
  /** Unpacked / packed size above which a large entry counts as a zip bomb. */
  maxRatio: number;
  /** Characters kept per cell; longer cells are truncated and marked. */
  maxCellChars: number;
  /**
   * Characters of cell text a sheet may expand to whatever its size, shared texts counted at every
   * reference: a few bytes of XML can repeat a 64 KB shared text in every cell.
   */
  maxExpandedChars: number;
  /** Beyond maxExpandedChars, characters of cell text per byte of sheet XML read so far. */
  maxExpansionRatio: number;
  /** Header cells kept past the last one with text (cells right of the header in later rows are not read). */
  maxColumns: number;
}

const MiB = 1024 * 1024;

export const defaultXlsxLimits: XlsxLimits = Object.freeze({
  maxEntryBytes: 2 * 1024 * MiB,
  maxSharedStringsBytes: 256 * MiB,
  maxSharedStrings: 5_000_000,
  maxPartBytes: 32 * MiB,
  maxRatio: 200,
  maxCellChars: 65_536,
  // An honest sheet expands to less text than its XML (markup around every value); 16 characters per
  // byte still lets a sheet of short shared-text references to long product names through.
  maxExpandedChars: 32 * MiB,
  maxExpansionRatio: 16,
  maxColumns: MAX_COLUMNS,
});

/** Entries at most this large are never called zip bombs: tiny parts compress absurdly well. */
export const ZIP_BOMB_MIN_BYTES = 8 * MiB;

/** Zip entries in one workbook: real ones hold dozens, a few thousand with many images. */
export const MAX_ZIP_ENTRIES = 100_000;

/**
 * The longest single XML text, comment or attribute the parser may hold at once. Cells longer than
 * maxCellChars are still read (and truncated) up to this size.
 */
export function maxXmlNodeChars(limits: XlsxLimits): number {
  return Math.max(limits.maxCellChars * 16, MiB);
}

export function resolveXlsxLimits(overrides: Partial<XlsxLimits> | undefined): XlsxLimits {
  const limits: XlsxLimits = { ...defaultXlsxLimits };
  if (!overrides) return limits;
  for (const key of Object.keys(defaultXlsxLimits) as (keyof XlsxLimits)[]) {
    const value = overrides[key];
    if (value === undefined) continue;
    if (typeof value !== 'number' || !(value > 0)) {
      throw new RangeError(`XLSX limit ${key} must be a positive number, got ${String(value)}`);
    }
    limits[key] = value;
  }
  return limits;
}
