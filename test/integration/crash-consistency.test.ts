import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { toDelimited, writeEncoded, writeLargePosCsv } from '../fixtures/pos-csv.ts';
import { sleep, startCli } from '../helpers/child-cli.ts';
import { cliJson } from '../helpers/run-cli.ts';
import { useTempDir } from '../helpers/temp-dir.ts';

const tempDir = useTempDir();

function peek<T>(db: string, sql: string): T | undefined {
  const connection = new Database(db, { readonly: true, fileMustExist: true });
  try {
    return connection.prepare(sql).pluck().get() as T | undefined;
  } finally {
    connection.close();
  }
}

async function waitFor(check: () => boolean, what: string): Promise<void> {
  for (let attempt = 0; attempt < 600; attempt++) {
    try {
      if (check()) return;
    } catch {
      // The child may not have created the database yet.
    }
    await sleep(20);
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('a crash at any moment leaves the store consistent', () => {
  it('kill -9 in the middle of an import: the batch is absent, earlier data intact', async () => {
    const dir = tempDir();
    const db = path.join(dir, 'store.db');
    const earlier = path.join(dir, 'earlier.csv');
    writeEncoded(earlier, toDelimited([['Member ID', 'Purchased At', 'Store', 'Receipt No', 'Line No'], ['M1', '2026-11-20T10:00:00+09:00', 'S09', 'X1', '1']]), 'utf-8');
    await cliJson(['import', earlier, '--db', db, '--commit']);

    const big = path.join(dir, 'pos-big.csv');
    await writeLargePosCsv(big, 300_000, { missingEvery: 33 });
    const { child, done } = startCli(['import', big, '--tz', 'Asia/Tokyo', '--db', db]);
    await waitFor(() => (peek<number>(db, "SELECT count(*) FROM events e JOIN batches b ON b.id = e.batch_id WHERE b.status = 'importing'") ?? 0) > 20_000, 'rows to be written');
    child.kill('SIGKILL');
    const ended = await done;
    expect(ended.signal).toBe('SIGKILL');
    // Killed half-way: some rows were on disk under an `importing` batch nobody else reads.
    expect(peek<number>(db, "SELECT count(*) FROM batches WHERE status = 'importing'")).toBe(1);

    const batches = await cliJson<{ batches: Array<{ id: number; status: string }> }>(['batches', '--db', db]);
    expect(batches.batches.map((batch) => batch.status)).toEqual(['committed']);
    expect(peek<number>(db, 'SELECT count(*) FROM events')).toBe(1);
    expect(peek<number>(db, 'SELECT count(*) FROM batch_rows')).toBe(0);
    expect(peek<string>(db, 'PRAGMA integrity_check')).toBe('ok');

    // And the same file imports cleanly afterwards, with none of its rows taken for duplicates.
    const retry = await cliJson<{ rows: number; accepted: number; duplicates: number }>(['import', big, '--tz', 'Asia/Tokyo', '--db', db]);
    expect(retry).toMatchObject({ rows: 300_000, duplicates: 0 });
  });

  it('kill -9 during a commit: the batch is either fully committed or still staged', async () => {
    const dir = tempDir();
    const members = path.join(dir, 'members.csv');
    const rows = Array.from({ length: 60_000 }, (_, index) => [`M${index}`, `m${index}@example.com`, index % 10 === 0 ? 'VIP' : 'Regular']);
    writeEncoded(members, toDelimited([['Member ID', 'Email', 'Tier'], ...rows]), 'utf-8');
    for (const delay of [5, 60, 150, 400]) {
      const runDb = path.join(dir, `store-${delay}.db`);
      const staged = await cliJson<{ id: number }>(['import', members, '--db', runDb]);
      const { child, done } = startCli(['commit', String(staged.id), '--db', runDb]);
      await sleep(delay);
      child.kill('SIGKILL');
      await done;
      const status = peek<string>(runDb, `SELECT status FROM batches WHERE id = ${staged.id}`);
      const profiles = peek<number>(runDb, 'SELECT count(*) FROM users');
      const changes = peek<number>(runDb, 'SELECT count(*) FROM profile_changes');
      if (status === 'committed') expect([profiles, changes]).toEqual([60_000, 60_000]);
      else expect([status, profiles, changes]).toEqual(['staged', 0, 0]);
      expect(peek<string>(runDb, 'PRAGMA integrity_check')).toBe('ok');
      // Whatever happened, the user can finish the job.
      if (status === 'staged') await cliJson(['commit', '--all', '--db', runDb]);
      expect(peek<number>(runDb, 'SELECT count(*) FROM users')).toBe(60_000);
    }
  });
});
