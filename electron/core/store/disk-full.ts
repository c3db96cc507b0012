import { ShopfloorError } from '../errors.ts';

/** SQLite's "database or disk is full" (a full disk, a quota, a size limit), or the same from a plain file write. */
export function isDiskFull(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'SQLITE_FULL' || code === 'ENOSPC' || code === 'EDQUOT' || (typeof code === 'string' && code.startsWith('SQLITE_IOERR') && /disk|space/i.test(String((error as Error).message)));
}

/** The one line for a full disk: what did not happen, that nothing half-written was kept, what to do. */
export function diskFullError(what: string, location?: { file: string }): ShopfloorError {
  return new ShopfloorError('disk_full', `the disk is full: ${what}; free some space and try again (everything saved before is intact and can still be read)`, location);
}
