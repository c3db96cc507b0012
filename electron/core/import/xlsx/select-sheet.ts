import type { WorkbookSheet } from './read-workbook.ts';
import { quoteName, xlsxError } from './xlsx-error.ts';

const LISTED_SHEETS = 20;

/** The requested sheet by exact name, then ignoring case; the first sheet when none is requested. */
export function selectSheet(sheets: readonly WorkbookSheet[], requested: string | undefined, file: string): WorkbookSheet {
  const first = sheets[0];
  if (first === undefined) throw xlsxError('xlsx_malformed', file, 'the workbook is damaged: it has no sheets');
  if (requested === undefined) return first;
  const exact = sheets.find((sheet) => sheet.name === requested);
  if (exact) return exact;
  const lower = requested.toLowerCase();
  const loose = sheets.find((sheet) => sheet.name.toLowerCase() === lower);
  if (loose) return loose;
  const names = sheets.slice(0, LISTED_SHEETS).map((sheet) => quoteName(sheet.name));
  if (sheets.length > LISTED_SHEETS) names.push(`and ${sheets.length - LISTED_SHEETS} more`);
  throw xlsxError('xlsx_sheet_not_found', file, `there is no sheet named ${quoteName(requested)}; the sheets are ${names.join(', ')}`);
}
