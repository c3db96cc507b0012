import path from 'node:path';
import Database from 'better-sqlite3';
import { damagedStoreError, describeDamage, quickCheck } from '../backup/damaged-store.ts';
import { backupBeforeMigration } from '../backup/pre-migration-backup.ts';
import { systemClock, type Clock } from '../clock.ts';
import { ShopfloorError } from '../errors.ts';
import { ensurePrivateFile, makePrivateDir, tightenFile } from '../privacy/private-files.ts';
import { migrations } from './migrations.ts';
import { sqliteOptions, useNativeBinding } from './sqlite-binding.ts';

export type Db = Database.Database;

export interface OpenStoreOptions {
  readonly?: boolean;
  /** The better-sqlite3 addon built for the running runtime (Electron passes its own ABI build). */
  nativeBinding?: string;
  /** Back the store up before migrating it (default true; false for a scratch copy being prepared for a restore). */
  backupBeforeMigration?: boolean;
  /** Names the pre-migration backup. */
  clock?: Clock;
  /**
   * Run `quick_check` first (what the app and the command line do at start): a damaged store is not
   * opened at all, and the error names the newest backup that passes the same check.
   */
  check?: boolean;
}

/** Opens (creating if needed) the store: WAL, foreign keys, schema brought up to date in one transaction. */
export function openStore(file: string, options: OpenStoreOptions = {}): Db {
  if (file !== ':memory:' && !options.readonly) {
    makePrivateDir(path.dirname(path.resolve(file)));
    ensurePrivateFile(file);
    for (const suffix of ['-wal', '-shm']) tightenFile(file + suffix);
  }
  useNativeBinding(options.nativeBinding);
  let db: Db;
  try {
    db = new Database(file, sqliteOptions({ readonly: options.readonly ?? false }));
  } catch (error) {
    throw new ShopfloorError('store_open_failed', `cannot open the database: ${(error as Error).message}`, { file });
  }
  try {
    db.pragma('busy_timeout = 10000');
    if (options.check && file !== ':memory:') {
      const problem = quickCheck(db);
      if (problem !== 'ok') throw damagedStoreError(describeDamage(file, problem));
    }
    db.pragma('foreign_keys = ON');
    // Deleted rows (an erased customer, purged raw rows) are overwritten with zeros, not left in free space.
    db.pragma('secure_delete = ON');
    if (!options.readonly) {
      // Takes effect only when the file is created (it must come before WAL). With 16 KB pages a 1M-row
      // import took 7.9 s against 8.3–10.8 s with 8 KB and 9.4–10.7 s with the 4 KB default, side by side.
      // The price: each small transaction writes bigger pages, and dispatching was 3–8 % slower.
      db.pragma('page_size = 16384');
      db.pragma('journal_mode = WAL');
      // NORMAL in WAL mode: a crash never corrupts, at worst the last commits before a power loss are lost.
      db.pragma('synchronous = NORMAL');
      // Index pages of a large import are touched at random; a 64 MB page cache keeps them from being re-read.
      db.pragma('cache_size = -65536');
    }
    migrate(db, file, options);
  } catch (error) {
    db.close();
    throw error;
  }
  return db;
}

function migrate(db: Db, file: string, options: OpenStoreOptions): void {
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version > migrations.length) {
    throw new ShopfloorError('store_too_new',
      `the database was written by a newer Shopfloor (schema ${version}, this version knows ${migrations.length}); update Shopfloor`, { file });
  }
  if (version === migrations.length) return;
  if (version > 0 && file !== ':memory:' && options.backupBeforeMigration !== false) backupBeforeMigration(db, options.clock ?? systemClock);
  db.transaction(() => {
    for (let next = version; next < migrations.length; next++) db.exec(migrations[next]!);
    db.pragma(`user_version = ${migrations.length}`);
  }).immediate();
}
