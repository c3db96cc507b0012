import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { commitBatch } from '../../electron/core/batches/commit-batch.ts';
import { ManualClock } from '../../electron/core/clock.ts';
import { importFile } from '../../electron/core/import/import-file.ts';
import { openStore } from '../../electron/core/store/open-store.ts';
import { getTimeline } from '../../electron/core/timeline/get-timeline.ts';
import { generatePosRows, posCells, posHeader, toDelimited } from '../fixtures/pos-csv.ts';
import { writeReviewPosCsv } from '../fixtures/review-files.ts';
import { cli, cliJson } from '../helpers/run-cli.ts';
import { fillDisk, mountSmallFs } from '../helpers/small-fs.ts';
import { tableHashes } from '../helpers/table-hashes.ts';
import { useTempDir } from '../helpers/temp-dir.ts';

const tempDir = useTempDir();
const clock = new ManualClock(Date.parse('2026-11-28T00:00:00Z'));

function writePos(dir: string, name: string, rows: number): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, toDelimited([posHeader, ...[...generatePosRows(rows, { startMs: Date.parse('2026-11-01T00:00:00Z') })].map(posCells)]));
  return file;
}

function writeMembers(dir: string, rows: number): string {
  const file = path.join(dir, 'members.csv');
  fs.writeFileSync(file, toDelimited([['Member ID', 'Email', 'Tier'], ...Array.from({ length: rows }, (_, index) => [`N${index}`, `n${index}@example.jp`, 'Gold'])]));
  return file;
}

const mounts: Array<{ unmount(): void }> = [];
afterEach(() => {
  for (const mount of mounts.splice(0)) mount.unmount();
});

describe('disk full during an import or a commit', () => {
  it('injected SQLITE_FULL (SQLite\'s own page limit): a clear error, the store unchanged, reading keeps working', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'store.db');
    const db = openStore(file);
    try {
      await importFile(db, clock, { file: writeReviewPosCsv(dir).file, tz: 'Asia/Tokyo', commit: true });
      const staged = await importFile(db, clock, { file: writeMembers(dir, 2_000), kind: 'members' });
      db.pragma('wal_checkpoint(TRUNCATE)');
      const before = tableHashes(file);
      // The database may not grow by a single page from here: as if the disk had just filled up.
      db.pragma(`max_page_count = ${db.pragma('page_count', { simple: true }) as number}`);

      const importing = importFile(db, clock, { file: writePos(dir, 'pos_big.csv', 5_000), tz: 'Asia/Tokyo' });
      await expect(importing).rejects.toMatchObject({
        code: 'disk_full',
        message: 'the disk is full: the import stopped and nothing of it was saved; free some space and try again (everything saved before is intact and can still be read)',
        location: { file: 'pos_big.csv' },
      });
      expect(() => commitBatch(db, clock, staged.id)).toThrow('the disk is full: batch 2 was not committed (it is still staged, as it was)');
      expect(tableHashes(file)).toEqual(before);
      expect(getTimeline(db, 'M100000').events.length).toBeGreaterThan(0);
      expect(db.prepare("SELECT status FROM batches WHERE id = ?").pluck().get(staged.id)).toBe('staged');
    } finally {
      db.close();
    }
  });

  it('a real size-limited filesystem: import and commit end with a clear error, nothing half-written, reading works', async (context) => {
    const dir = tempDir();
    const disk = path.join(dir, 'disk');
    const mount = mountSmallFs(disk, 6 * 1024);
    if (!mount) return context.skip();
    mounts.push(mount);
    const db = path.join(disk, 'store.db');
    await cliJson(['import', writeReviewPosCsv(dir).file, '--tz', 'Asia/Tokyo', '--commit', '--db', db]);
    const staged = await cliJson<{ id: number }>(['import', writeMembers(dir, 3_000), '--kind', 'members', '--db', db]);
    const big = writePos(dir, 'pos_big.csv', 40_000);
    const before = tableHashes(db);
    fillDisk(disk, 96 * 1024);

    // The import's own guard sees the disk is short first; SQLite's full disk is the injected case above.
    const imported = await cli(['import', big, '--tz', 'Asia/Tokyo', '--db', db]);
    expect(imported.code).toBe(1);
    expect(imported.stderr).toMatch(/^shopfloor: pos_big\.csv: the disk (is full|holding the store has \d+ MB free)[^\n]*free some space[^\n]*\n$/);
    const committed = await cli(['commit', String(staged.id), '--db', db]);
    expect([committed.code, committed.stderr]).toEqual([1,
      `shopfloor: the disk is full: batch ${staged.id} was not committed (it is still staged, as it was); free some space and try again (everything saved before is intact and can still be read)\n`]);

    const batches = await cliJson<{ batches: Array<{ id: number; status: string }> }>(['batches', '--db', db]);
    expect(batches.batches.filter((batch) => batch.status !== 'importing').map((batch) => [batch.id, batch.status])).toEqual([[1, 'committed'], [staged.id, 'staged']]);
    expect((await cliJson<{ events: unknown[] }>(['timeline', 'M100000', '--db', db])).events.length).toBeGreaterThan(0);
    const after = tableHashes(db);
    expect({ ...after, batches: undefined }).toEqual({ ...before, batches: undefined });

    // Space again: the batch commits, and the next import goes in.
    fs.rmSync(path.join(disk, 'filler'));
    expect(await cliJson(['commit', String(staged.id), '--db', db])).toMatchObject({ committed: [staged.id] });
    expect(await cliJson(['import', writePos(dir, 'pos_next.csv', 2_000), '--tz', 'Asia/Tokyo', '--db', db])).toMatchObject({ rows: 2_000 });
  });
});
