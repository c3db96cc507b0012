import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { checkpointInBackground } from '../../electron/core/store/background-checkpoints.ts';
import { sleep } from '../helpers/child-cli.ts';
import { useTempDir } from '../helpers/temp-dir.ts';

const tempDir = useTempDir();

/** A WAL store like the app's (16 KB pages), with a table to write into. */
function walStore(): { db: Database.Database; file: string } {
  const file = path.join(tempDir(), 'store.db');
  const db = new Database(file);
  db.pragma('page_size = 16384');
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, body BLOB)');
  return { db, file };
}

/** Small transactions, as the dispatcher commits them, 10 KB each: at least a 16 KB page to the WAL each. */
function writeMany(db: Database.Database, count: number): void {
  const insert = db.prepare('INSERT INTO t (body) VALUES (randomblob(?))');
  for (let index = 0; index < count; index++) insert.run(10_000);
}

const FRAME = 16_384 + 24;

describe('checkpoints on a worker thread', () => {
  it('while it runs, the writer does not checkpoint and the worker does; afterwards the writer checkpoints itself again', async () => {
    const { db, file } = walStore();
    try {
      const checkpoints = checkpointInBackground(db)!;
      expect(checkpoints).not.toBeNull();
      expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
      const before = fs.statSync(file).size;
      writeMany(db, 500);
      // Only a checkpoint writes pages into the database file itself: the writer's are off.
      for (let wait = 0; wait < 500 && fs.statSync(file).size < before + 5_000_000; wait++) await sleep(10);
      expect(fs.statSync(file).size).toBeGreaterThanOrEqual(before + 5_000_000);
      await checkpoints.stop();
      expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
      expect(db.prepare('SELECT count(*) FROM t').pluck().get()).toBe(500);
    } finally {
      db.close();
    }
  });

  it('a worker that cannot start hands checkpoints back to the writer at once, so the WAL never grows unchecked', async () => {
    const { db, file } = walStore();
    try {
      const missing = path.join(path.dirname(file), 'no-such-worker.mjs');
      const checkpoints = checkpointInBackground(db, { path: missing })!;
      for (let wait = 0; wait < 500 && db.pragma('wal_autocheckpoint', { simple: true }) === 0; wait++) await sleep(10);
      expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
      writeMany(db, 2500);
      // The writer's own checkpoints (every 1,000 pages) keep the WAL at about 1,000 pages; without them it
      // would hold every one of the 2,500 transactions' pages.
      expect(fs.statSync(`${file}-wal`).size).toBeLessThan(1100 * FRAME);
      expect(fs.statSync(file).size).toBeGreaterThan(1500 * 16_384);
      await checkpoints.stop();
    } finally {
      db.close();
    }
  });

  it('a store in memory has no WAL to checkpoint', () => {
    const db = new Database(':memory:');
    try {
      expect(checkpointInBackground(db)).toBeNull();
    } finally {
      db.close();
    }
  });
});
