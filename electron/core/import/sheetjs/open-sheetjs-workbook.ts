import fs from 'node:fs/promises';
import { ShopfloorError } from '../../errors.ts';
import { IgnoredCellsTally } from '../ignored-cells.ts';
import type { RowSource } from '../source-row.ts';
import { formatSize } from '../xlsx/format-size.ts';
import { openZip } from '../xlsx/open-zip.ts';
import { selectSheet } from '../xlsx/select-sheet.ts';
import { quoteName, xlsxError } from '../xlsx/xlsx-error.ts';
import { defaultXlsxLimits, resolveXlsxLimits, type XlsxLimits } from '../xlsx/xlsx-limits.ts';
import { checkOdsCells } from './count-ods-cells.ts';
import { readSheetjsRows } from './read-sheetjs-rows.ts';
import { parseWorkbook, type SheetjsWorkbook } from './sheetjs.ts';
import { resolveSheetjsLimits, type SheetjsLimits } from './sheetjs-limits.ts';

export type SheetjsFormat = 'xls' | 'xlsb' | 'ods';

const FORMAT_NAMES: Readonly<Record<SheetjsFormat, string>> = {
  xls: 'Excel 97–2003 (.xls)',
  xlsb: 'Excel binary (.xlsb)',
  ods: 'OpenDocument (.ods)',
};

export interface SheetjsOptions {
  sheet?: string;
  displayName: string;
  /** The .xlsx reader's text budgets (cell, expansion, columns) and the whole-file limits. */
  limits?: Partial<XlsxLimits> & Partial<SheetjsLimits>;
}

/**
 * Opens one sheet of a workbook SheetJS reads whole: legacy Excel (BIFF8 and BIFF5, Shift_JIS or Big5
 * text through SheetJS's code pages), Excel binary, OpenDocument. The file is refused above a size
 * limit, parsed at once (on the reading worker, under its heap cap), and its rows are then handed over
 * as the .xlsx reader hands over its own.
 */
export async function openSheetjsWorkbook(file: string, format: SheetjsFormat, options: SheetjsOptions): Promise<RowSource> {
  const { displayName } = options;
  const limits = resolveXlsxLimits(pick(options.limits, Object.keys(defaultXlsxLimits)));
  const wholeFile = resolveSheetjsLimits(pick(options.limits, ['maxFileBytes', 'maxUnpackedBytes', 'maxCells']));
  const size = (await fs.stat(file)).size;
  if (size > wholeFile.maxFileBytes) {
    throw new ShopfloorError('workbook_too_large',
      `this ${FORMAT_NAMES[format]} workbook is ${formatSize(size)}, and Shopfloor reads such workbooks up to ${formatSize(wholeFile.maxFileBytes)}: ` +
      'open it in Excel or LibreOffice and save it as .xlsx or CSV', { file: displayName });
  }
  if (format !== 'xls') await checkZipParts(file, format, displayName, wholeFile);

  const data = await fs.readFile(file);
  let workbook = parse(data, options.sheet ?? 0, format, displayName);
  if (workbook.rows === undefined) {
    // Not that exact name: the same rules as for .xlsx (then ignoring case), and the same error listing the sheets.
    const sheet = selectSheet(workbook.sheetNames.map((name) => ({ name, part: undefined })), options.sheet, displayName);
    workbook = parse(data, sheet.name, format, displayName);
    // SheetJS files sheets by name in a plain object, where "__proto__" cannot be a key; or the sheet's data is missing.
    if (workbook.rows === undefined) throw xlsxError('xlsx_malformed', displayName, `sheet ${quoteName(sheet.name)} cannot be read (it is damaged, or its name is one Shopfloor cannot use: rename it, or choose another sheet)`);
  }
  const rows = workbook.rows;
  const sheet = workbook.sheet ?? '';
  const ignored = new IgnoredCellsTally();
  const progress = { share: 0 };
  return {
    info: { format, encoding: 'utf-8', sheet, sheets: workbook.sheetNames },
    // The file was read whole before the first row: progress is the share of the sheet's rows handed over.
    bytesRead: () => Math.round(size * progress.share),
    rows: () => readSheetjsRows(rows ?? [], {
      file: displayName, label: `sheet ${quoteName(sheet)}`, date1904: workbook.date1904, fileBytes: size,
      maxCellChars: limits.maxCellChars, maxExpandedChars: limits.maxExpandedChars, maxExpansionRatio: limits.maxExpansionRatio,
      maxColumns: limits.maxColumns, ignored, progress,
    }),
    ignoredCells: () => ignored.result(),
    close: async () => {},
  };
}

function parse(data: Buffer, sheet: string | number, format: SheetjsFormat, displayName: string): SheetjsWorkbook {
  try {
    return parseWorkbook(data, sheet);
  } catch (error) {
    throw unreadable(error, format, displayName);
  }
}

/**
 * Refuses a zip bomb before SheetJS unpacks it in memory (every part's declared size and packing ratio),
 * and an .ods that repeats its cells past what SheetJS can hold.
 */
async function checkZipParts(file: string, format: SheetjsFormat, displayName: string, limits: SheetjsLimits): Promise<void> {
  const archive = await openZip(file, displayName, defaultXlsxLimits);
  try {
    for (const name of archive.names()) archive.check(name, { maxBytes: limits.maxUnpackedBytes, limitName: 'maxUnpackedBytes', label: quoteName(name) });
    if (format === 'ods') await checkOdsCells(archive, displayName, limits.maxCells);
  } finally {
    await archive.close();
  }
}

// SheetJS's messages can quote the file ("Unsupported value type …"): shown flattened and bounded, as names are.
function unreadable(error: unknown, format: SheetjsFormat, displayName: string): ShopfloorError {
  if (error instanceof ShopfloorError) return error;
  const message = error instanceof Error ? error.message : String(error);
  if (/password|encrypt/i.test(message)) {
    return xlsxError('xlsx_not_a_workbook', displayName, 'the workbook is password-protected: open it in Excel and save it without a password');
  }
  if (/Cannot find Workbook stream|Unsupported ZIP file|Could not find workbook/i.test(message)) {
    return xlsxError('xlsx_not_a_workbook', displayName, `this is not a spreadsheet Shopfloor can read (it looks like an ${FORMAT_NAMES[format]} file but holds no workbook); it may be another kind of document`);
  }
  // A TypeError or RangeError is SheetJS tripping over bytes that are not there (a file cut short): its text helps no one.
  const detail = error instanceof TypeError || error instanceof RangeError ? 'it may be cut short' : quoteName(message).slice(1, -1);
  return xlsxError('xlsx_malformed', displayName, `the ${FORMAT_NAMES[format]} workbook is damaged or cannot be read (${detail})`);
}

function pick<T extends object>(from: T | undefined, keys: readonly string[]): Partial<T> | undefined {
  if (from === undefined) return undefined;
  return Object.fromEntries(Object.entries(from).filter(([key]) => keys.includes(key))) as Partial<T>;
}
