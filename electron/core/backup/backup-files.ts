import fs from 'node:fs';
import path from 'node:path';
import { isBackupKind, type BackupKind } from '../../../shared/model/data-safety.ts';

/** A backup file in the backup folder, as listed. */
export interface BackupFile {
  /** The full path (what `restore` and `backup verify` take). */
  file: string;
  /** The file name inside the backup folder (what the app's Restore button sends). */
  name: string;
  bytes: number;
  created_at: string;
  kind: BackupKind;
  /** null when the file is not a SQLite database. */
  schema_version: number | null;
}

// shopfloor-20261128T093000123Z-daily.db: the time (UTC, to the millisecond) and kind are in the name,
// so listing a folder on a slow USB or network drive needs no database to be opened.
const namePattern = /^shopfloor-(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})(\d{3})Z-([a-z-]+)\.db$/;

export function backupName(createdAt: number, kind: BackupKind): string {
  const stamp = new Date(createdAt).toISOString().replace(/[-:.]/g, '');
  return `shopfloor-${stamp}-${kind}.db`;
}

export function parseBackupName(name: string): { createdAt: number; kind: BackupKind } | null {
  const match = namePattern.exec(name);
  if (!match || !isBackupKind(match[8]!)) return null;
  const [, year, month, day, hour, minute, second, ms] = match;
  const createdAt = Date.parse(`${year}-${month}-${day}T${hour}:${minute}:${second}.${ms}Z`);
  return Number.isNaN(createdAt) ? null : { createdAt, kind: match[8] };
}

const SQLITE_MAGIC = Buffer.from('SQLite format 3\0', 'latin1');

/** The schema version (`user_version`, bytes 60–63 of the header) of a SQLite file, without opening it as a database. */
export function readSchemaVersion(file: string): number | null {
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch {
    return null;
  }
  try {
    const header = Buffer.alloc(100);
    if (fs.readSync(fd, header, 0, 100, 0) < 100 || !header.subarray(0, 16).equals(SQLITE_MAGIC)) return null;
    return header.readUInt32BE(60);
  } finally {
    fs.closeSync(fd);
  }
}

export function describeBackup(file: string): BackupFile | null {
  const name = path.basename(file);
  const parsed = parseBackupName(name);
  if (!parsed) return null;
  let bytes: number;
  try {
    const info = fs.statSync(file);
    if (!info.isFile()) return null;
    bytes = info.size;
  } catch {
    return null;
  }
  return { file, name, bytes, created_at: new Date(parsed.createdAt).toISOString(), kind: parsed.kind, schema_version: readSchemaVersion(file) };
}

/** The backups in a folder, newest first; `missing` when the folder is not there (a drive not connected). */
export function listBackups(folder: string): { backups: BackupFile[]; missing: boolean } {
  let names: string[];
  try {
    names = fs.readdirSync(folder);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT' || (error as NodeJS.ErrnoException).code === 'ENOTDIR') return { backups: [], missing: true };
    throw error;
  }
  const backups = names.map((name) => describeBackup(path.join(folder, name))).filter((backup): backup is BackupFile => backup !== null);
  backups.sort((a, b) => b.created_at.localeCompare(a.created_at) || b.name.localeCompare(a.name));
  return { backups, missing: false };
}

/** A backup named by the app (a name from the listing): it must be a backup file directly inside the folder. */
export function backupInFolder(folder: string, name: string): string | null {
  if (path.basename(name) !== name || !parseBackupName(name)) return null;
  return path.join(folder, name);
}
