import type { SourceFormat } from '../../../shared/model/source-format.ts';

/** One record read from an input file, before mapping: cells as text, as the user would see them. */
export interface SourceRow {
  /** 1-based record number as a spreadsheet shows it (the header is usually row 1). */
  rowNo: number;
  cells: string[];
  /** The parser found broken quoting in this record. */
  malformed?: boolean;
}

/** What a reader found out about the file while opening it. */
export interface SourceInfo {
  format: SourceFormat;
  encoding: string;
  delimiter?: string;
  sheet?: string;
  sheets?: string[];
}

/** A streaming reader: rows arrive in chunks; the consumer pulls, so memory stays bounded. */
export interface RowSource {
  info: SourceInfo;
  /** Bytes of the input file consumed so far (for progress). */
  bytesRead(): number;
  rows(): AsyncIterable<SourceRow[]>;
  /** What was skipped right of the header, once the rows have been read (workbooks only). */
  ignoredCells?(): IgnoredCells | undefined;
  close(): Promise<void>;
}

/** Cells right of the header's last column, which a reader skipped: reported once for the whole file. */
export interface IgnoredCells {
  cells: number;
  rows: number;
  /** Spreadsheet column names of the first column past the header and of the rightmost skipped cell. */
  from: string;
  to: string;
}
