import { columnName } from './xlsx/cell-reference.ts';
import type { IgnoredCells } from './source-row.ts';

/**
 * Counts the cells right of the header that a workbook reader skipped: a few bytes place a cell at
 * column XFD, and padding every row out to it filled disks. Reported once for the whole file.
 */
export class IgnoredCellsTally {
  private ignored: IgnoredCells | undefined;
  private rightmost = -1;

  /** A cell with a value at `column`, at or past the header's `width`. */
  cell(column: number, width: number): void {
    this.ignored ??= { cells: 0, rows: 0, from: columnName(width), to: columnName(column) };
    this.ignored.cells += 1;
    if (column > this.rightmost) {
      this.rightmost = column;
      this.ignored.to = columnName(column);
    }
  }

  /** A row that had at least one such cell. */
  row(): void {
    if (this.ignored) this.ignored.rows += 1;
  }

  result(): IgnoredCells | undefined {
    return this.ignored;
  }
}
