import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { Result } from '../../shared/contract/result.ts';

/** A file the user picked or dropped, after main has looked at it itself. */
export interface ImportFile {
  path: string;
  file: string;
  size: number;
}

export const MAX_IMPORT_BYTES = 4 * 1024 ** 3;

/**
 * Re-checks a path that came from a dialog or, through the renderer, from a drop: it must be an
 * absolute path to an existing regular file of at most 4 GB. The renderer is never trusted with paths.
 */
export async function checkImportFile(raw: unknown): Promise<Result<ImportFile>> {
  if (typeof raw !== 'string' || raw.length === 0 || raw.length > 4096 || raw.includes('\0')) return refuse('not a file path');
  if (!path.isAbsolute(raw)) return refuse('the path is not absolute');
  const resolved = path.resolve(raw);
  let info;
  try {
    info = await stat(resolved);
  } catch {
    return refuse('the file does not exist or cannot be read');
  }
  if (!info.isFile()) return refuse(info.isDirectory() ? 'a folder cannot be imported: choose a file' : 'not a regular file');
  if (info.size > MAX_IMPORT_BYTES) return refuse('the file is larger than 4 GB');
  return { ok: true, value: { path: resolved, file: path.basename(resolved), size: info.size } };
}

function refuse(message: string): Result<never> {
  return { ok: false, error: { code: 'bad_path', message } };
}
