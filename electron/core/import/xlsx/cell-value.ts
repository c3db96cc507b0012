import { truncateCellText } from './cell-text.ts';
import { excelSerialToText } from './excel-date.ts';
import type { DateStyles } from './read-styles.ts';

/** What one `<c>` element held. */
export interface RawCell {
  /** The `t` attribute: s, inlineStr, str, n, b, e, d; absent means a number. */
  type: string | undefined;
  /** The `s` attribute: index into the cell styles. */
  style: number;
  /** Text of `<v>`. */
  value: string;
  /** Text of `<is>` for inline strings. */
  inline: string;
}

export interface CellValueContext {
  sharedStrings: readonly string[];
  dateStyles: DateStyles;
  date1904: boolean;
  maxCellChars: number;
}

export type CellValue = { ok: true; text: string } | { ok: false; reason: string };

/** The cell as the text a clerk would see, dates as local ISO text; a failure names what is wrong. */
export function cellValue(cell: RawCell, context: CellValueContext): CellValue {
  switch (cell.type) {
    case 's':
      return sharedString(cell.value, context);
    case 'inlineStr':
      return text(cell.inline, context);
    case 'b':
      return text(cell.value === '1' ? 'true' : cell.value === '0' ? 'false' : cell.value, context);
    case 'str':
    case 'e':
    case 'd':
      return text(cell.value, context);
    case undefined:
    case 'n':
      return text(numberText(cell, context), context);
    default:
      return text(cell.value, context);
  }
}

function sharedString(value: string, context: CellValueContext): CellValue {
  const trimmed = value.trim();
  if (trimmed === '') return { ok: true, text: '' };
  const index = /^\d{1,10}$/.test(trimmed) ? Number(trimmed) : -1;
  const found = index >= 0 ? context.sharedStrings[index] : undefined;
  if (found === undefined) {
    return {
      ok: false,
      reason: `a cell refers to shared text #${value.slice(0, 20)} but the table has ${context.sharedStrings.length} entries`,
    };
  }
  return { ok: true, text: found };
}

function numberText(cell: RawCell, context: CellValueContext): string {
  const trimmed = cell.value.trim();
  if (trimmed === '') return '';
  const number = Number(trimmed);
  if (!Number.isFinite(number)) return cell.value;
  const kind = context.dateStyles[cell.style] ?? 'none';
  if (kind !== 'none') {
    const date = excelSerialToText(number, context.date1904, kind === 'datetime');
    if (date !== undefined) return date;
  }
  return String(number);
}

function text(value: string, context: CellValueContext): CellValue {
  return { ok: true, text: truncateCellText(value, context.maxCellChars) };
}
