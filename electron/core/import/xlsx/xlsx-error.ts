import { ShopfloorError } from '../../errors.ts';

export type XlsxErrorCode =
  | 'xlsx_not_a_workbook'
  | 'xlsx_sheet_not_found'
  | 'xlsx_too_large'
  | 'xlsx_zip_bomb'
  | 'xlsx_malformed';

export function xlsxError(code: XlsxErrorCode, file: string, message: string, row?: number): ShopfloorError {
  return new ShopfloorError(code, message, row === undefined ? { file } : { file, row });
}

/** A file-controlled name made safe for a one-line message: control characters out, length bounded. */
export function quoteName(name: string): string {
  const flat = name.replace(/[\u0000-\u001f\u007f]+/g, ' ');
  return `"${flat.length > 100 ? `${flat.slice(0, 100)}…` : flat}"`;
}
