/**
 * How an input file was read: delimited text, an .xlsx workbook (streamed), or one of the spreadsheet
 * formats read whole through SheetJS: legacy Excel (.xls), Excel binary (.xlsb) and OpenDocument (.ods).
 */
export const sourceFormats = ['csv', 'xlsx', 'xls', 'xlsb', 'ods'] as const;
export type SourceFormat = (typeof sourceFormats)[number];

/** Workbooks have sheets; text files have an encoding and a delimiter. */
export function isWorkbookFormat(format: SourceFormat): boolean {
  return format !== 'csv';
}
