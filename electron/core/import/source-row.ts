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
  format: 'csv' | 'xlsx';
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
  close(): Promise<void>;
}
