import fs from 'node:fs';
import { ShopfloorError } from '../errors.ts';
import type { TextEncoding } from './detect-encoding.ts';
import { detectFormat } from './file-format.ts';
import type { RowSource } from './source-row.ts';
import { openTextRows } from './text-row-source.ts';

/** The input file's size, or a clear error when it is missing or not a file. */
export function statInputFile(file: string, displayName: string): fs.Stats {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch {
    throw new ShopfloorError('file_not_found', 'no such file', { file: displayName });
  }
  if (!stat.isFile()) throw new ShopfloorError('not_a_file', 'not a file', { file: displayName });
  return stat;
}

export async function openRowSource(file: string, options: { encoding?: TextEncoding; delimiter?: string; sheet?: string; displayName: string }): Promise<RowSource> {
  statInputFile(file, options.displayName);
  const format = await detectFormat(file, options.displayName);
  const sheet = options.sheet !== undefined ? { sheet: options.sheet } : {};
  // The workbook readers are loaded for workbooks only: a daily CSV import need not parse them at start-up.
  if (format === 'xlsx') {
    const { openXlsx } = await import('./xlsx/open-xlsx.ts');
    return openXlsx(file, { ...sheet, displayName: options.displayName });
  }
  if (format !== 'csv') {
    const { openSheetjsWorkbook } = await import('./sheetjs/open-sheetjs-workbook.ts');
    return openSheetjsWorkbook(file, format, { ...sheet, displayName: options.displayName });
  }
  if (options.sheet !== undefined) {
    throw new ShopfloorError('sheet_not_applicable', '--sheet applies to workbooks only (.xlsx, .xls, .xlsb, .ods)', { file: options.displayName });
  }
  return openTextRows(file, { ...(options.encoding ? { encoding: options.encoding } : {}), ...(options.delimiter ? { delimiter: options.delimiter } : {}), displayName: options.displayName });
}
