import fs from 'node:fs';
import { ShopfloorError } from '../errors.ts';
import type { TextEncoding } from './detect-encoding.ts';
import type { RowSource } from './source-row.ts';
import { openTextRows } from './text-row-source.ts';

function startsWithZipMagic(file: string): boolean {
  const fd = fs.openSync(file, 'r');
  try {
    const head = Buffer.alloc(4);
    fs.readSync(fd, head, 0, 4, 0);
    return head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04;
  } finally {
    fs.closeSync(fd);
  }
}

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

/** A workbook by its content (a zip), whatever its name says; anything else is delimited text. */
export function isWorkbookFile(file: string): boolean {
  return startsWithZipMagic(file) || /\.xlsx$/i.test(file);
}

export async function openRowSource(file: string, options: { encoding?: TextEncoding; delimiter?: string; sheet?: string; displayName: string }): Promise<RowSource> {
  statInputFile(file, options.displayName);
  if (isWorkbookFile(file)) {
    // Loaded for workbooks only: a daily CSV import need not parse the zip and XML readers at start-up.
    const { openXlsx } = await import('./xlsx/open-xlsx.ts');
    return openXlsx(file, { ...(options.sheet !== undefined ? { sheet: options.sheet } : {}), displayName: options.displayName });
  }
  if (options.sheet !== undefined) {
    throw new ShopfloorError('sheet_not_applicable', '--sheet applies to XLSX workbooks only', { file: options.displayName });
  }
  return openTextRows(file, { ...(options.encoding ? { encoding: options.encoding } : {}), ...(options.delimiter ? { delimiter: options.delimiter } : {}), displayName: options.displayName });
}
