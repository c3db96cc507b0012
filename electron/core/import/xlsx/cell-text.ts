/** Appended to a cell cut at maxCellChars; the importer rejects such rows with cell_too_large. */
export const TRUNCATION_MARKER = '…[truncated]';

export function truncateCellText(text: string, maxChars: number): string {
  return text.length > maxChars ? text.slice(0, maxChars) + TRUNCATION_MARKER : text;
}

/** Gathers the text of one cell from many XML text events without ever holding more than it keeps. */
export class CellTextBuffer {
  private parts: string[] = [];
  private length = 0;

  constructor(private readonly maxChars: number) {}

  append(text: string): void {
    // One character past the limit is enough to know the cell must be truncated.
    const room = this.maxChars + 1 - this.length;
    if (room <= 0 || text.length === 0) return;
    const kept = text.length > room ? text.slice(0, room) : text;
    this.parts.push(kept);
    this.length += kept.length;
  }

  take(): string {
    const text = this.parts.length === 1 ? (this.parts[0] ?? '') : this.parts.join('');
    this.parts = [];
    this.length = 0;
    return truncateCellText(text, this.maxChars);
  }
}

/**
 * Excel writes characters XML cannot carry (control characters, a literal `_x…_`) as `_xHHHH_`
 * in string items; undo that so the clerk sees the text Excel shows.
 */
export function decodeOoxmlEscapes(text: string): string {
  if (!text.includes('_x')) return text;
  return text.replace(/_x([0-9A-Fa-f]{4})_/g, (_match, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
}
