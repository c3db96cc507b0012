import path from 'node:path';
import Database from 'better-sqlite3';
import { migrations } from '../store/migrations.ts';
import { sqliteOptions } from '../store/sqlite-binding.ts';

export interface BackupCheck {
  file: string;
  ok: boolean;
  /** "ok", or the first problem SQLite found (or why the file could not be read). */
  integrity: string;
  schema_version: number | null;
  events: number | null;
  users: number | null;
  batches: number | null;
  /** Why the backup cannot be restored, in one line; null when it can. */
  problem: string | null;
}

export interface VerifyOptions {
  /** `quick_check` (skips index-to-table cross-checks; what runs at every start) instead of `integrity_check`. */
  quick?: boolean;
}

function count(db: Database.Database, table: string): number | null {
  try {
    return db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;
  } catch {
    return null;
  }
}

/** SQLite's report starts with "*** in database main ***" and spans lines: its first problem, on one line. */
export function firstProblem(report: string): string {
  return report.replace(/\*\*\* in database \w+ \*\*\*\s*/g, '').split('\n')[0]!.trim() || report;
}

/**
 * Checks a backup (or any store file) without changing it: SQLite's integrity check, the schema version
 * (a file from a newer Shopfloor cannot be restored), and what it holds.
 */
export function verifyBackup(file: string, options: VerifyOptions = {}): BackupCheck {
  const result: BackupCheck = { file, ok: false, integrity: '', schema_version: null, events: null, users: null, batches: null, problem: null };
  let db: Database.Database;
  try {
    db = new Database(file, sqliteOptions({ readonly: true, fileMustExist: true }));
  } catch (error) {
    result.integrity = (error as Error).message;
    result.problem = `${path.basename(file)} cannot be opened: ${result.integrity}`;
    return result;
  }
  try {
    result.integrity = firstProblem(String(db.pragma(options.quick ? 'quick_check(1)' : 'integrity_check(1)', { simple: true })));
    result.schema_version = db.pragma('user_version', { simple: true }) as number;
    if (result.integrity === 'ok') {
      result.events = count(db, 'events');
      result.users = count(db, 'users');
      result.batches = count(db, 'batches');
    }
  } catch (error) {
    result.integrity = (error as Error).message;
  } finally {
    db.close();
  }
  const name = path.basename(file);
  if (/not a database/.test(result.integrity)) result.problem = `${name} is not a Shopfloor database`;
  else if (result.integrity !== 'ok') result.problem = `${name} is damaged (${result.integrity})`;
  else if (!result.schema_version || result.batches === null) result.problem = `${name} is not a Shopfloor database`;
  else if (result.schema_version > migrations.length) {
    result.problem = `${name} was written by a newer Shopfloor (schema ${result.schema_version}, this version knows ${migrations.length}); update Shopfloor first`;
  }
  result.ok = result.problem === null;
  return result;
}
