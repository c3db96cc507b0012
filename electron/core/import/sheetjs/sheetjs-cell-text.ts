import { truncateCellText } from '../xlsx/cell-text.ts';
import { excelSerialToText } from '../xlsx/excel-date.ts';
import { classifyFormatCode } from '../xlsx/number-format.ts';
import type { SheetjsCell } from './sheetjs.ts';

/** The texts Excel shows for its error codes (BIFF and XLSB store the code). */
const ERRORS: Readonly<Record<number, string>> = {
  0x00: '#NULL!', 0x07: '#DIV/0!', 0x0f: '#VALUE!', 0x17: '#REF!', 0x1d: '#NAME?', 0x24: '#NUM!', 0x2a: '#N/A', 0x2b: '#GETTING_DATA',
};

/**
 * A cell as the text a clerk would see, the same as the .xlsx reader makes of it: numbers in a date
 * format as local ISO text (1900 or 1904 date system), other numbers as JavaScript writes them.
 */
export function sheetjsCellText(cell: SheetjsCell, date1904: boolean, maxCellChars: number): string {
  const { t, v } = cell;
  let text: string;
  switch (t) {
    case 's':
      text = typeof v === 'string' ? v : '';
      break;
    case 'n':
      text = typeof v === 'number' ? numberText(v, cell.z, date1904) : '';
      break;
    case 'b':
      text = v === true ? 'true' : v === false ? 'false' : '';
      break;
    case 'e':
      text = typeof v === 'number' ? (ERRORS[v] ?? '#ERROR') : '#ERROR';
      break;
    case 'd':
      text = v instanceof Date && Number.isFinite(v.getTime()) ? v.toISOString().replace(/\.000Z$|Z$/, '') : '';
      break;
    default:
      text = '';
  }
  return truncateCellText(text, maxCellChars);
}

function numberText(value: number, format: unknown, date1904: boolean): string {
  if (!Number.isFinite(value)) return String(value);
  const kind = typeof format === 'string' ? classifyFormatCode(format) : 'none';
  if (kind !== 'none') {
    const date = excelSerialToText(value, date1904, kind === 'datetime');
    if (date !== undefined) return date;
  }
  return String(value);
}
