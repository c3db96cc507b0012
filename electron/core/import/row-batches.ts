import type { SourceRow } from './source-row.ts';

/** Rows handed over at once. */
const ROWS_PER_BATCH = 2_000;
/**
 * Cells handed over at once: a crafted row can reach column XFD in a few bytes, and each such row
 * costs 16,384 strings.
 */
const CELLS_PER_BATCH = 250_000;
/** Characters of cell text handed over at once: rows repeating long shared texts make small batches. */
const CHARS_PER_BATCH = 1_000_000;

/** Groups a workbook reader's rows into batches bounded in rows, cells and characters. */
export class RowBatches {
  private full: SourceRow[][] = [];
  private batch: SourceRow[] = [];
  private cells = 0;
  private chars = 0;

  add(row: SourceRow, chars: number): void {
    this.batch.push(row);
    this.cells += row.cells.length;
    this.chars += chars;
    if (this.batch.length >= ROWS_PER_BATCH || this.cells >= CELLS_PER_BATCH || this.chars >= CHARS_PER_BATCH) {
      this.full.push(this.takeRest());
    }
  }

  /** The batches that are full, to hand over now. */
  takeFull(): SourceRow[][] {
    const full = this.full;
    this.full = [];
    return full;
  }

  /** The batch being filled, however small: at the end of the sheet. */
  takeRest(): SourceRow[] {
    const batch = this.batch;
    this.batch = [];
    this.cells = 0;
    this.chars = 0;
    return batch;
  }
}
