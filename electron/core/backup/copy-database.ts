import fs from 'node:fs';
import Database from 'better-sqlite3';

export interface CopyRequest {
  /** The live store. */
  source: string;
  /** An empty file (created 0600 by the caller) the snapshot is written into. */
  dest: string;
  nativeBinding?: string;
  /** Run `quick_check` on the copy (it reads the whole copy again: as long as the copy itself). */
  check: boolean;
}

export interface CopyResult {
  pages: number;
  /**
   * "ok" or the first problem found in the copy: by `quick_check` when asked, else by comparing its
   * size with the pages copied (a write the disk cut short).
   */
  integrity: string;
}

/**
 * SQLite's online backup API, all pages in one step: one read transaction, so the copy is a consistent
 * snapshot even while other connections write (in WAL mode they are not blocked). Copied in small steps
 * instead, the backup would start over each time an import on another connection commits, and might
 * never finish. The copy is then switched out of WAL mode, so a backup is one self-contained file.
 */
export async function copyDatabase(request: CopyRequest): Promise<CopyResult> {
  const binding = request.nativeBinding ? { nativeBinding: request.nativeBinding } : {};
  const source = new Database(request.source, { readonly: true, fileMustExist: true, ...binding });
  let pages: number;
  try {
    source.pragma('busy_timeout = 10000');
    // Reading the pages through a memory map rather than read() calls: about a fifth faster on a 320 MB store.
    source.pragma('mmap_size = 4294967296');
    pages = (await source.backup(request.dest, { progress: () => 0x7fffffff })).totalPages;
  } finally {
    source.close();
  }
  const copy = new Database(request.dest, { fileMustExist: true, ...binding });
  try {
    copy.pragma('journal_mode = DELETE');
    if (request.check) return { pages, integrity: String(copy.pragma('quick_check(1)', { simple: true })) };
    const expected = pages * (copy.pragma('page_size', { simple: true }) as number);
    const size = fs.statSync(request.dest).size;
    return { pages, integrity: size === expected ? 'ok' : `the copy is ${size} bytes, ${expected} were expected` };
  } finally {
    copy.close();
  }
}
