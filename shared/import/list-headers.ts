const SHOWN = 8;
const HEADER_CHARS = 40;

/**
 * Headers named in a one-line message: the first few, each cut short, and how many there are in all.
 * A file decides how many headers it has and how long they are; an error line must stay a line.
 */
export function listHeaders(headers: readonly string[]): string {
  const shown = headers.slice(0, SHOWN).map((header) => (header.length > HEADER_CHARS ? `${header.slice(0, HEADER_CHARS)}…` : header));
  return headers.length > SHOWN ? `${shown.join(', ')}, … (${headers.length.toLocaleString('en-US')} columns)` : shown.join(', ');
}
