import fs from 'node:fs';
import path from 'node:path';
import type { Clock } from '../clock.ts';
import { ShopfloorError } from '../errors.ts';
import { discardBatch } from '../batches/recover-imports.ts';
import { removeUserTraces } from '../privacy/erase-user.ts';
import { ensurePrivateFile } from '../privacy/private-files.ts';
import { hashUserId, privacySalt, SALT_KEY } from '../privacy/user-hash.ts';
import { openStore, type Db } from '../store/open-store.ts';
import type { BackupFile } from './backup-files.ts';
import { copyInWorker } from './backup-worker-thread.ts';
import { DATA_SETTINGS_KEY } from './data-settings.ts';
import { hashMessageKey, SENT_BEFORE_RESTORE, sentMessageKeys } from './restored-sent.ts';
import { BACKUP_STATUS_KEY, backupStore } from './store-backup.ts';
import type { BackupSource } from './take-backup.ts';
import { verifyBackup, type BackupCheck } from './verify-backup.ts';

// What a restore never brings back from the backup: the erasure log (an erased customer must stay erased),
// deletion requests on their way to the platform, the record of sends made before earlier restores, and
// the settings that describe this machine rather than the data (backup folder, retention, the salt), and
// the engine's lease (held by a process running now, not by the one that ran when the backup was taken).
const KEPT_TABLES = new Set(['erasures', 'upstream_erasures', 'restored_sent', 'engine_lease']);
const KEPT_SETTINGS = [DATA_SETTINGS_KEY, BACKUP_STATUS_KEY, SALT_KEY];

export interface StoreCounts {
  events: number;
  users: number;
  batches: number;
  journeys: number;
  messages: number;
}

export interface RestorePlan {
  file: string;
  check: BackupCheck;
  /** What the current store holds, replaced by the restore. */
  replaces: StoreCounts;
  /** Where the current store is backed up first. */
  backup_first_to: string;
}

export interface RestoreResult {
  restored: string;
  /** The backup of the replaced store, taken first. */
  previous: string;
  events: number;
  users: number;
  batches: number;
  journeys: number;
  messages: number;
  /** Messages the backup believed scheduled that the replaced store had already sent: now `unknown`. */
  messages_marked_unknown: number;
  /** Erasures recorded in the replaced store whose customers were in the backup: erased again. */
  erasures_reapplied: number;
}

export function storeCounts(db: Db, schema = 'main'): StoreCounts {
  const count = (table: string) => db.prepare(`SELECT count(*) FROM ${schema}.${table}`).pluck().get() as number;
  return { events: count('events'), users: count('users'), batches: count('batches'), journeys: count('journeys'), messages: count('messages') };
}

/** Checks the backup and says what restoring it would replace; changes nothing. Throws when it cannot be restored. */
export function planRestore(db: Db, file: string, backupFolder: string): RestorePlan {
  const check = verifyBackup(file);
  if (!check.ok) throw new ShopfloorError('backup_unusable', `${check.problem}; nothing was changed`);
  return { file, check, replaces: storeCounts(db), backup_first_to: backupFolder };
}

/**
 * Replaces the store's data with a backup's, after backing the current store up. The backup is checked
 * (integrity, schema not newer), copied aside and brought up to this version's schema; then, in one
 * transaction on the live connection — so the app's other connections and a running scheduler see
 * either the old data or the new, and a crash leaves the old — every table is replaced, except what
 * KEPT_TABLES names. In the same transaction: messages the backup believed scheduled (or in flight) that
 * the replaced store had sent become `unknown` (compared by message key), the replaced store's sends are
 * remembered for runs that replay them later, and every erasure not lifted is applied again.
 */
export async function restoreBackup(db: Db, clock: Clock, source: BackupSource, file: string): Promise<RestoreResult> {
  const check = verifyBackup(file);
  if (!check.ok) throw new ShopfloorError('backup_unusable', `${check.problem}; nothing was changed`);
  const scratch = path.join(path.dirname(path.resolve(source.dbPath)), `.restore-${clock.now()}.db`);
  try {
    ensurePrivateFile(scratch);
    await copyInWorker({ source: file, dest: scratch, check: false }, source.worker);
    // An older backup is migrated here, on the copy, never in the backup folder.
    openStore(scratch, { backupBeforeMigration: false }).close();
    let previous: BackupFile;
    try {
      previous = await backupStore(db, clock, source, 'pre-restore');
    } catch (error) {
      throw new ShopfloorError('restore_refused', `the current store could not be backed up first (${(error as Error).message}); nothing was changed`);
    }
    const applied = applyRestore(db, clock, scratch);
    db.pragma('wal_checkpoint(TRUNCATE)');
    return { restored: file, previous: previous.file, ...applied };
  } finally {
    for (const suffix of ['', '-wal', '-shm', '-journal']) fs.rmSync(scratch + suffix, { force: true });
  }
}

function applyRestore(db: Db, clock: Clock, scratch: string): Omit<RestoreResult, 'restored' | 'previous'> {
  db.prepare('ATTACH DATABASE ? AS restored').run(scratch);
  // Off for the copy, which would otherwise cascade (deleting batches empties batch_rows already copied);
  // the result is checked before the transaction commits. The pragma only takes effect outside a transaction.
  db.pragma('foreign_keys = OFF');
  try {
    return db.transaction(() => {
      const now = clock.now();
      const sentBefore = sentMessageKeys(db, 'main');
      const keptSettings = db.prepare(`SELECT key, value FROM main.settings WHERE key IN (${KEPT_SETTINGS.map(() => '?').join(', ')})`).all(...KEPT_SETTINGS) as Array<{ key: string; value: string }>;
      const tables = db.prepare("SELECT name FROM main.sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").pluck().all() as string[];
      for (const table of tables.filter((name) => !KEPT_TABLES.has(name))) {
        const columns = (db.prepare(`SELECT name FROM pragma_table_info(?, 'main')`).pluck().all(table) as string[]).map((name) => `"${name}"`).join(', ');
        db.prepare(`DELETE FROM main."${table}"`).run();
        db.prepare(`INSERT INTO main."${table}" (${columns}) SELECT ${columns} FROM restored."${table}"`).run();
      }
      const putSetting = db.prepare('INSERT INTO main.settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value');
      for (const setting of keptSettings) putSetting.run(setting.key, setting.value);
      dropUnfinishedImports(db);

      const unknown = settleRestoredOutbox(db, sentBefore, now);
      const reapplied = reapplyErasures(db);
      const broken = db.prepare('SELECT * FROM main.pragma_foreign_key_check').all();
      if (broken.length > 0) throw new ShopfloorError('backup_unusable', `the backup's rows do not reference each other consistently (${broken.length} problems); nothing was changed`);
      return { ...storeCounts(db), messages_marked_unknown: unknown, erasures_reapplied: reapplied };
    }).immediate();
  } finally {
    db.pragma('foreign_keys = ON');
    db.prepare('DETACH DATABASE restored').run();
  }
}

/** A backup taken during an import holds that batch half-written (`importing`): the import that was writing it is gone. */
export function dropUnfinishedImports(db: Db): void {
  for (const id of db.prepare("SELECT id FROM main.batches WHERE status = 'importing'").pluck().all() as number[]) discardBatch(db, id);
}

/**
 * Sent before, scheduled (or in flight) in the backup: nobody knows whether it went, so it becomes unknown
 * rather than going out twice; the replaced store's sends are remembered for runs that replay them later.
 */
export function settleRestoredOutbox(db: Db, sentBefore: ReadonlySet<string>, now: number): number {
  const candidates = db.prepare(`SELECT m.id, m.status, m.journey_id || ':' || r.user_id || ':' || r.seq || ':' || m.step AS key
      FROM main.messages m JOIN main.journey_runs r ON r.id = m.run_id WHERE m.status IN ('scheduled', 'sending', 'failed')`).all() as Array<{ id: number; status: string; key: string }>;
  const markUnknown = db.prepare("UPDATE main.messages SET status = 'unknown', claimed_by = NULL, last_error = ? WHERE id = ?");
  let unknown = 0;
  for (const message of candidates) {
    if (sentBefore.has(message.key)) unknown += markUnknown.run(SENT_BEFORE_RESTORE, message.id).changes;
    // An attempt in flight when the backup was taken: whether the provider took it is not known either.
    else if (message.status === 'sending') unknown += markUnknown.run('the store was restored from a backup taken while this message was being sent: check with the provider, then retry or mark it sent', message.id).changes;
  }
  const remember = db.prepare('INSERT OR IGNORE INTO main.restored_sent (key_hash, at) VALUES (?, ?)');
  for (const key of sentBefore) remember.run(hashMessageKey(key), now);
  return unknown;
}

/** Every erasure not lifted, applied to the restored data: an erased customer in the backup is erased again. */
export function reapplyErasures(db: Db): number {
  const active = new Set(db.prepare('SELECT user_hash FROM main.erasures WHERE lifted_at IS NULL').pluck().all() as string[]);
  if (active.size === 0) return 0;
  const salt = privacySalt(db);
  const ids = db.prepare(`SELECT user_id FROM main.users UNION SELECT user_id FROM main.events UNION SELECT user_id FROM main.journey_runs
      UNION SELECT user_id FROM main.batch_rows WHERE user_id IS NOT NULL UNION SELECT user_id FROM main.profile_changes`).pluck().all() as string[];
  let reapplied = 0;
  for (const id of ids) {
    if (!active.has(hashUserId(salt, id))) continue;
    removeUserTraces(db, id);
    reapplied += 1;
  }
  return reapplied;
}
