import type { IgnoredCellsTally } from '../ignored-cells.ts';
import { RowBatches } from '../row-batches.ts';
import type { SourceRow } from '../source-row.ts';
import { formatCount, formatSize } from '../xlsx/format-size.ts';
import { xlsxError } from '../xlsx/xlsx-error.ts';
import { sheetjsCellText } from './sheetjs-cell-text.ts';
import type { SheetjsCell, SheetjsWorkbook } from './sheetjs.ts';

type Rows = NonNullable<SheetjsWorkbook['rows']>;
type Row = NonNullable<Rows[number]>;

export interface SheetjsRowsContext {
  file: string;
  label: string;
  date1904: boolean;
  fileBytes: number;
  maxCellChars: number;
  maxExpandedChars: number;
  maxExpansionRatio: number;
  maxColumns: number;
  ignored: IgnoredCellsTally;
  /** The share of the sheet's rows handed over so far (0 to 1), for progress. */
  progress: { share: number };
}

/** Past this length a row is walked by its present cells: a crafted row can hold one cell at column XFD. */
const SCAN_LENGTH = 1_024;

/**
 * The rows SheetJS read, handed over in the same batches and under the same budgets as the .xlsx
 * reader's: cells right of the header are counted, not read; a cell is cut at maxCellChars; the sheet's
 * text may not expand past what its file size allows (a BIFF shared-string table repeats a long text in
 * every cell as cheaply as an .xlsx one). Rows that are not in the file are not invented.
 */
export async function* readSheetjsRows(rows: Rows, context: SheetjsRowsContext): AsyncGenerator<SourceRow[]> {
  const batches = new RowBatches();
  const budget = Math.max(context.maxExpandedChars, context.maxExpansionRatio * context.fileBytes);
  let expanded = 0;
  let width: number | undefined;
  for (let index = 0; index < rows.length; index++) {
    const raw = rows[index];
    if (raw === undefined || raw === null) continue;
    // Handed on: let the collector have SheetJS's copy of the row.
    rows[index] = undefined;
    const rowNo = index + 1;
    const cells: string[] = [];
    let chars = 0;
    let ignored = false;
    for (const column of presentColumns(raw)) {
      const cell = raw[column];
      if (cell === undefined || cell === null || typeof cell !== 'object') continue;
      if (width !== undefined && column >= width) {
        if (sheetjsCellText(cell as SheetjsCell, false, 1) !== '') {
          context.ignored.cell(column, width);
          ignored = true;
        }
        continue;
      }
      const text = sheetjsCellText(cell as SheetjsCell, context.date1904, context.maxCellChars);
      // Before the header, blank cells only count for its width (below); after it, a row keeps them.
      if (text === '' && width === undefined) continue;
      expanded += text.length;
      if (expanded > budget) throw tooMuchText(context, expanded, rowNo);
      chars += text.length;
      while (cells.length < column) cells.push('');
      cells[column] = text;
    }
    if (width === undefined && cells.some((cell) => cell.trim() !== '')) {
      // The header keeps the blank cells the file has after its last name, up to a sane width.
      const tail = Math.min(raw.length, context.maxColumns);
      while (cells.length < tail) cells.push('');
      width = cells.length;
    }
    if (ignored) context.ignored.row();
    batches.add({ rowNo, cells }, chars);
    context.progress.share = (index + 1) / rows.length;
    yield* batches.takeFull();
  }
  context.progress.share = 1;
  const rest = batches.takeRest();
  if (rest.length > 0) yield rest;
}

function presentColumns(row: Row): Iterable<number> {
  if (row.length <= SCAN_LENGTH) return Array.from({ length: row.length }, (_, column) => column);
  // Own index keys come in ascending order, and a sparse array lists only the cells it has.
  return Object.keys(row).filter((key) => /^\d+$/.test(key)).map(Number);
}

function tooMuchText(context: SheetjsRowsContext, expanded: number, row: number): Error {
  return xlsxError('xlsx_too_large', context.file,
    `${context.label} expands to more text than its size allows: ${formatCount(expanded)} characters from a ` +
    `${formatSize(context.fileBytes)} file (cells repeating long shared texts?); the limit (maxExpansionRatio) is ` +
    `${context.maxExpansionRatio} characters per byte past the first ${formatCount(context.maxExpandedChars)}`, row);
}
