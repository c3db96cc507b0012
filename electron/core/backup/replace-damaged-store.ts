import fs from 'node:fs';
import Database from 'better-sqlite3';
import type { Clock } from '../clock.ts';
import { ShopfloorError } from '../errors.ts';
import { ensurePrivateFile } from '../privacy/private-files.ts';
import { SALT_KEY } from '../privacy/user-hash.ts';
import { openStore } from '../store/open-store.ts';
import { sqliteOptions } from '../store/sqlite-binding.ts';
import { copyInWorker } from './backup-worker-thread.ts';
import { DATA_SETTINGS_KEY } from './data-settings.ts';
import { dropUnfinishedImports, reapplyErasures, settleRestoredOutbox, storeCounts, type RestoreResult } from './restore-backup.ts';
import { sentMessageKeys } from './restored-sent.ts';
import { BACKUP_STATUS_KEY } from './store-backup.ts';
import type { BackupSource } from './take-backup.ts';
import { verifyBackup } from './verify-backup.ts';

interface Salvage {
  erasures: Array<{ user_hash: string; at: number; by: string | null; reason: string | null; counts: string; lifted_at: number | null }>;
  settings: Array<{ key: string; value: string }>;
  sent: Set<string>;
}

/** What can still be read from the damaged store and must outlive it: the erasure log, machine settings, what was sent. */
function salvage(file: string): Salvage | null {
  try {
    const db = new Database(file, sqliteOptions({ readonly: true, fileMustExist: true }));
    try {
      return {
        erasures: db.prepare('SELECT user_hash, at, by, reason, counts, lifted_at FROM erasures ORDER BY id').all() as Salvage['erasures'],
        settings: db.prepare('SELECT key, value FROM settings WHERE key IN (?, ?, ?)').all(DATA_SETTINGS_KEY, BACKUP_STATUS_KEY, SALT_KEY) as Salvage['settings'],
        sent: sentMessageKeys(db, 'main'),
      };
    } finally {
      db.close();
    }
  } catch {
    return null;
  }
}

export interface DamagedRestoreResult extends RestoreResult {
  /** Whether the erasure log could be read from the damaged store (if not, erasures made after the backup must be repeated). */
  erasures_recovered: boolean;
}

/**
 * Restoring over a damaged store: it is never written to. Its files are moved aside (kept, as
 * `<name>.damaged-<time>`, for whoever wants to look), the backup is copied into its place, and what
 * can still be read from the damaged store — the erasure log, the machine's settings, the sends it made —
 * is carried over: erasures are applied again and sent messages are not sent twice.
 */
export async function replaceDamagedStore(clock: Clock, source: BackupSource, file: string): Promise<DamagedRestoreResult> {
  const check = verifyBackup(file);
  if (!check.ok) throw new ShopfloorError('backup_unusable', `${check.problem}; nothing was changed`);
  const dbPath = source.dbPath;
  const saved = salvage(dbPath);
  const aside = `${dbPath}.damaged-${new Date(clock.now()).toISOString().replace(/[-:.]/g, '')}`;
  const suffixes = ['', '-wal', '-shm'].filter((suffix) => fs.existsSync(dbPath + suffix));
  for (const suffix of suffixes) fs.renameSync(dbPath + suffix, aside + suffix);
  try {
    ensurePrivateFile(dbPath);
    await copyInWorker({ source: file, dest: dbPath, check: false }, source.worker);
  } catch (error) {
    fs.rmSync(dbPath, { force: true });
    for (const suffix of suffixes) fs.renameSync(aside + suffix, dbPath + suffix);
    throw new ShopfloorError('restore_failed', `the backup could not be copied into place (${(error as Error).message}); the damaged store was left as it was`);
  }
  const db = openStore(dbPath, { clock, backupBeforeMigration: false });
  try {
    const applied = db.transaction(() => {
      let unknown = 0;
      if (saved) {
        const put = db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value');
        for (const setting of saved.settings) put.run(setting.key, setting.value);
        const known = db.prepare('SELECT 1 FROM erasures WHERE user_hash = ? AND at = ?');
        const insert = db.prepare('INSERT INTO erasures (user_hash, at, by, reason, counts, lifted_at) VALUES (?, ?, ?, ?, ?, ?)');
        for (const entry of saved.erasures) {
          if (known.get(entry.user_hash, entry.at) === undefined) insert.run(entry.user_hash, entry.at, entry.by, entry.reason, entry.counts, entry.lifted_at);
        }
        unknown = settleRestoredOutbox(db, saved.sent, clock.now());
      }
      dropUnfinishedImports(db);
      const reapplied = reapplyErasures(db);
      return { ...storeCounts(db), messages_marked_unknown: unknown, erasures_reapplied: reapplied };
    }).immediate();
    return { restored: file, previous: aside, ...applied, erasures_recovered: saved !== null };
  } finally {
    db.close();
  }
}
