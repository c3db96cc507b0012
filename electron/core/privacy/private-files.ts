import fs from 'node:fs';
import path from 'node:path';
import { ShopfloorError } from '../errors.ts';

// Everything the app creates holds customers' personal data: readable by the current OS user only.
export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

const posix = process.platform !== 'win32';

/** Creates a folder (and its missing parents) as 0700. A folder that already exists is left as it is: it may be the user's. */
export function makePrivateDir(dir: string): void {
  fs.mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
}

/** Tightens a file the app owns (its database, a spool file) to 0600 when an older version left it readable by others. */
export function tightenFile(file: string): void {
  if (!posix) return;
  let mode: number;
  try {
    mode = fs.statSync(file).mode & 0o777;
  } catch {
    return;
  }
  if ((mode & 0o077) !== 0) fs.chmodSync(file, PRIVATE_FILE_MODE);
}

/**
 * Creates an empty file as 0600 if there is none, so that SQLite, which creates a database (and its WAL
 * and shared-memory files, which copy the database's mode) as 0644, finds one that is private already.
 */
export function ensurePrivateFile(file: string): void {
  try {
    fs.closeSync(fs.openSync(file, 'wx', PRIVATE_FILE_MODE));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    tightenFile(file);
  }
}

/**
 * Opens a file for writing as 0600, refusing to follow a symlink in its place: an export written
 * through a link planted by someone else would land wherever the link points.
 */
export function openPrivateForWrite(file: string, options: { append?: boolean } = {}): number {
  const { O_WRONLY, O_CREAT, O_TRUNC, O_APPEND } = fs.constants;
  const noFollow = fs.constants.O_NOFOLLOW ?? 0;
  if (noFollow === 0 && isSymlink(file)) throw symlinkRefused(file);
  let fd: number;
  try {
    fd = fs.openSync(file, O_WRONLY | O_CREAT | noFollow | (options.append ? O_APPEND : O_TRUNC), PRIVATE_FILE_MODE);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ELOOP') throw symlinkRefused(file);
    throw error;
  }
  // The mode given to open() applies only to a new file; an existing one is tightened here.
  if (posix) fs.fchmodSync(fd, PRIVATE_FILE_MODE);
  return fd;
}

/** Writes a whole file as 0600 (never through a symlink). */
export function writePrivateFile(file: string, data: string | Uint8Array): void {
  const fd = openPrivateForWrite(file);
  try {
    fs.writeFileSync(fd, data);
  } finally {
    fs.closeSync(fd);
  }
}

function isSymlink(file: string): boolean {
  try {
    return fs.lstatSync(file).isSymbolicLink();
  } catch {
    return false;
  }
}

function symlinkRefused(file: string): ShopfloorError {
  return new ShopfloorError('symlink_refused', 'is a symbolic link: Shopfloor does not write through links; choose another file name', { file: path.basename(file) });
}
