/** Excel's grid: columns A..XFD, rows 1..1048576. */
export const MAX_COLUMNS = 16_384;
export const MAX_ROWS = 1_048_576;

/**
 * The 0-based column of a cell reference (`B12` → 1), or undefined when it is not letters followed by
 * a row number. Columns past XFD come back as MAX_COLUMNS or more, for the caller to refuse.
 */
export function columnOfReference(reference: string): number | undefined {
  let column = 0;
  let i = 0;
  for (; i < reference.length; i += 1) {
    const code = reference.charCodeAt(i) | 0x20;
    if (code < 0x61 || code > 0x7a) break;
    column = column * 26 + (code - 0x60);
    if (column > MAX_COLUMNS) return MAX_COLUMNS;
  }
  if (i === 0 || !/^\d+$/.test(reference.slice(i))) return undefined;
  return column - 1;
}

/** A row number as written in `<row r="…">`, or undefined when it is not a plain positive integer. */
export function parseRowNumber(text: string): number | undefined {
  const trimmed = text.trim();
  if (!/^\d{1,15}$/.test(trimmed)) return undefined;
  const row = Number(trimmed);
  return row >= 1 ? row : undefined;
}

/** `0` → `A`, `16383` → `XFD`. */
export function columnName(index: number): string {
  let name = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) {
    name = String.fromCharCode(0x41 + ((n - 1) % 26)) + name;
  }
  return name;
}
