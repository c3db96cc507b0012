import type { IgnoredCellsTally } from '../ignored-cells.ts';
import { RowBatches } from '../row-batches.ts';
import type { SourceRow } from '../source-row.ts';
import { CellTextBuffer, decodeOoxmlEscapes } from './cell-text.ts';
import { MAX_COLUMNS, MAX_ROWS, columnName, columnOfReference, parseRowNumber } from './cell-reference.ts';
import { cellValue, type CellValueContext, type RawCell } from './cell-value.ts';
import { formatCount, formatSize } from './format-size.ts';
import { xlsxError } from './xlsx-error.ts';
import { createXmlPartParser, type XmlAttributes } from './xml-part-parser.ts';

export interface SheetContext extends CellValueContext {
  file: string;
  label: string;
  maxNodeChars: number;
  maxExpandedChars: number;
  maxExpansionRatio: number;
  maxColumns: number;
  /** Counts the cells right of the header that are skipped, for the importer to report once. */
  ignored: IgnoredCellsTally;
}

/** Text fed to the XML parser at a time, so a batch can be handed over between slices. */
const SLICE_CHARS = 16_384;

/**
 * The rows of one sheet part, streamed: the next chunk of the part is unpacked only when the consumer
 * asks for the next batch. Cells are text; missing cells inside a row are ''. Rows that are not in the
 * file are not invented.
 */
export async function* readSheetRows(chunks: AsyncIterable<Buffer>, context: SheetContext): AsyncGenerator<SourceRow[]> {
  const sheet = new SheetBuilder(context);
  const xml = createXmlPartParser(
    { open: (name, attributes) => sheet.open(name, attributes), close: (name) => sheet.close(name), text: (t) => sheet.text(t) },
    { file: context.file, label: context.label, maxNodeChars: context.maxNodeChars, row: () => sheet.currentRow() },
  );
  for await (const chunk of chunks) {
    sheet.consumed(chunk.length);
    const text = xml.decode(chunk);
    for (let start = 0; start < text.length; start += SLICE_CHARS) {
      xml.write(start === 0 && text.length <= SLICE_CHARS ? text : text.slice(start, start + SLICE_CHARS));
      yield* sheet.takeFullBatches();
    }
  }
  xml.end();
  yield* sheet.takeFullBatches();
  const last = sheet.takeBatch();
  if (last.length > 0) yield last;
}

class SheetBuilder {
  private readonly batches = new RowBatches();
  private row: { rowNo: number; cells: string[]; chars: number; ignored: boolean } | undefined;
  /** Columns of the header row (the first with text), once read: cells right of it are not read. */
  private width: number | undefined;
  /** Before the header: the rightmost blank cell of the row, kept only if the row turns out to be the header. */
  private blankTail = -1;
  /** Cell text produced, shared texts counted at every reference, against the sheet XML read. */
  private expanded = 0;
  private xmlBytes = 0;
  private previousRowNo = 0;
  private previousColumn = -1;
  private cell: (RawCell & { column: number }) | undefined;
  private readonly value: CellTextBuffer;
  private readonly inline: CellTextBuffer;
  private inValue = false;
  private inInline = false;
  private inInlineText = false;
  private phoneticDepth = 0;

  constructor(private readonly context: SheetContext) {
    this.value = new CellTextBuffer(context.maxCellChars);
    this.inline = new CellTextBuffer(context.maxCellChars);
  }

  currentRow(): number | undefined {
    return this.row?.rowNo ?? (this.previousRowNo > 0 ? this.previousRowNo : undefined);
  }

  takeFullBatches(): SourceRow[][] {
    return this.batches.takeFull();
  }

  takeBatch(): SourceRow[] {
    return this.batches.takeRest();
  }

  consumed(bytes: number): void {
    this.xmlBytes += bytes;
  }

  open(name: string, attributes: XmlAttributes): void {
    switch (name) {
      case 'row':
        return this.openRow(attributes);
      case 'c':
        return this.openCell(attributes);
      case 'v':
        this.inValue = this.cell !== undefined;
        return;
      case 'is':
        this.inInline = this.cell !== undefined;
        return;
      case 'rPh':
        this.phoneticDepth += 1;
        return;
      case 't':
        this.inInlineText = this.inInline && this.phoneticDepth === 0;
        return;
    }
  }

  close(name: string): void {
    switch (name) {
      case 'v':
        this.inValue = false;
        return;
      case 'is':
        this.inInline = false;
        return;
      case 't':
        this.inInlineText = false;
        return;
      case 'rPh':
        this.phoneticDepth = Math.max(0, this.phoneticDepth - 1);
        return;
      case 'c':
        return this.closeCell();
      case 'row':
        return this.closeRow();
    }
  }

  text(text: string): void {
    if (this.inValue) this.value.append(decodeOoxmlEscapes(text));
    else if (this.inInlineText) this.inline.append(decodeOoxmlEscapes(text));
  }

  private openRow(attributes: XmlAttributes): void {
    const r = attributes['r'];
    const rowNo = r === undefined ? this.previousRowNo + 1 : parseRowNumber(r);
    if (rowNo === undefined) throw this.damaged(`a row number "${r?.slice(0, 20)}" is not a number`);
    if (rowNo > MAX_ROWS) throw this.damaged(`the row is past Excel's last row (${formatCount(MAX_ROWS)})`, rowNo);
    this.row = { rowNo, cells: [], chars: 0, ignored: false };
    this.previousColumn = -1;
    this.blankTail = -1;
  }

  private closeRow(): void {
    const row = this.row;
    if (row === undefined) return;
    this.row = undefined;
    this.previousRowNo = row.rowNo;
    if (this.width === undefined && row.cells.some((cell) => cell.trim() !== '')) {
      // The header keeps its trailing blank cells, as Excel wrote them, up to a sane width.
      const tail = Math.min(this.blankTail + 1, this.context.maxColumns);
      while (row.cells.length < tail) row.cells.push('');
      this.width = row.cells.length;
    }
    if (row.ignored) this.context.ignored.row();
    this.batches.add({ rowNo: row.rowNo, cells: row.cells }, row.chars);
  }

  private openCell(attributes: XmlAttributes): void {
    if (this.row === undefined) return;
    const r = attributes['r'];
    const column = r === undefined ? this.previousColumn + 1 : columnOfReference(r);
    if (column === undefined) throw this.damaged(`a cell reference "${r?.slice(0, 20)}" is not valid`);
    if (column >= MAX_COLUMNS) throw this.damaged(`a cell is past Excel's last column (${columnName(MAX_COLUMNS - 1)})`);
    const style = attributes['s'];
    this.cell = {
      column,
      type: attributes['t'],
      style: style !== undefined && /^\d{1,9}$/.test(style) ? Number(style) : 0,
      value: '',
      inline: '',
    };
    this.inValue = false;
    this.inInline = false;
    this.inInlineText = false;
    this.phoneticDepth = 0;
  }

  private closeCell(): void {
    const cell = this.cell;
    const row = this.row;
    if (cell === undefined || row === undefined) return;
    this.cell = undefined;
    this.inValue = false;
    this.inInline = false;
    cell.value = this.value.take();
    cell.inline = this.inline.take();
    this.previousColumn = cell.column;
    if (this.width !== undefined && cell.column >= this.width) {
      // A few bytes place a cell at column XFD: padding every row out to it filled disks. Not read, counted once.
      if (cell.value !== '' || cell.inline !== '') {
        this.context.ignored.cell(cell.column, this.width);
        row.ignored = true;
      }
      return;
    }
    const value = cellValue(cell, this.context);
    if (!value.ok) throw this.damaged(`${value.reason} (cell ${columnName(cell.column)}${row.rowNo})`);
    const text = value.text;
    if (text === '' && this.width === undefined) {
      this.blankTail = Math.max(this.blankTail, cell.column);
      return;
    }
    this.expanded += text.length;
    if (this.expanded > Math.max(this.context.maxExpandedChars, this.context.maxExpansionRatio * this.xmlBytes)) throw this.tooMuchText();
    row.chars += text.length;
    const cells = row.cells;
    while (cells.length < cell.column) cells.push('');
    cells[cell.column] = text;
  }

  private tooMuchText(): Error {
    const { maxExpandedChars, maxExpansionRatio } = this.context;
    return xlsxError('xlsx_too_large', this.context.file,
      `${this.context.label} expands to more text than its size allows: ${formatCount(this.expanded)} characters from ` +
      `${formatSize(this.xmlBytes)} of sheet data (cells repeating long shared texts?); the limit (maxExpansionRatio) is ` +
      `${maxExpansionRatio} characters per byte past the first ${formatCount(maxExpandedChars)}`, this.currentRow());
  }

  private damaged(reason: string, row = this.currentRow()): Error {
    const where = row === undefined ? '' : ` at row ${row}`;
    return xlsxError('xlsx_malformed', this.context.file, `${this.context.label} is damaged${where}: ${reason}`, row);
  }
}
