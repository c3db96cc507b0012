import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../electron/core/clock.ts';
import { importFile } from '../../electron/core/import/import-file.ts';
import { ImportJobs } from '../../electron/core/import/import-jobs.ts';
import { startCoreHost } from '../../electron/core/host/start-core-host.ts';
import { openStore } from '../../electron/core/store/open-store.ts';
import type { EventName } from '../../shared/contract/events.ts';
import { generatePosRows, posCells, posHeader, toDelimited } from '../fixtures/pos-csv.ts';
import { writeFarColumnWorkbook, writeLargeSharedTableWorkbook, writeSharedTextBombWorkbook } from '../fixtures/xlsx-fixtures.ts';
import { startDevWeb } from '../e2e/support.ts';
import { sleep, startCli } from '../helpers/child-cli.ts';
import { cli, cliJson } from '../helpers/run-cli.ts';
import { useTempDir } from '../helpers/temp-dir.ts';

const tempDir = useTempDir();
const closers: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const close of closers.reverse()) await close();
});

const MiB = 1024 * 1024;

interface ImportJson {
  rows: number;
  accepted: number;
  rejected: number;
  ignored_columns: Array<{ header: string; reason: string }>;
}

describe('workbooks whose few bytes expand', () => {
  it('reads no cell right of the header, says so once, and keeps the store small', async () => {
    const dir = tempDir();
    const db = path.join(dir, 'store.db');
    // Every row also has a cell at column XFD: stored naively, each row was 16,384 cells of raw JSON.
    const file = await writeFarColumnWorkbook(dir, 2_000);
    const result = await cliJson<ImportJson>(['import', file, '--kind', 'members', '--db', db]);
    expect(result).toMatchObject({ rows: 2_000, accepted: 2_000, rejected: 0 });
    expect(result.ignored_columns).toEqual([{ header: 'D:XFD', reason: '2,000 cells right of the last header, in 2,000 rows, were not read' }]);
    expect(fs.statSync(db).size).toBeLessThan(8 * MiB);
    await cliJson(['commit', '--all', '--db', db]);
    expect((await cliJson<{ user: Record<string, unknown> }>(['timeline', 'M2', '--db', db])).user).toMatchObject({ user_id: 'M2', name: 'Member 2', tier: 'VIP' });
  });

  it('stops a sheet whose cells repeat long shared texts, in one line naming the file, and saves nothing', async () => {
    const dir = tempDir();
    const db = path.join(dir, 'store.db');
    // 12,000 references to 3,000-character texts: 36 million characters from a 50 KB file.
    const file = await writeSharedTextBombWorkbook(dir, { rows: 2_000, columns: 6, chars: 3_000 });
    expect(fs.statSync(file).size).toBeLessThan(100 * 1024);
    const run = await cli(['import', file, '--kind', 'members', '--db', db]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^shopfloor: shared-text-bomb\.xlsx, row \d+: sheet "Sheet1" expands to more text than its size allows: [\d,]+ characters from [\d.]+ KB of sheet data/);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect((await cliJson<{ batches: unknown[] }>(['batches', '--db', db])).batches).toEqual([]);
  });

  it('reads even a small workbook on a thread with a capped heap: running out of it is one line naming the file', async () => {
    const dir = tempDir();
    const db = path.join(dir, 'store.db');
    // 3 MB on disk, a million shared texts in memory.
    const file = await writeLargeSharedTableWorkbook(dir, 1_000_000);
    expect(fs.statSync(file).size).toBeLessThan(8 * MiB);
    const { done } = startCli(['import', file, '--kind', 'members', '--db', db], { nodeFlags: ['--max-old-space-size=32'] });
    const result = await done;
    expect(result.stderr).not.toMatch(/FATAL|heap out of memory|at /);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^shopfloor: large-table\.xlsx: reading it needs more memory than an import may use \(\d+ MB\); nothing was saved\n$/);
  }, 120_000);

  it('inspects a workbook for the import screen on the capped thread too: the app answers with an error and lives on', async () => {
    const dir = tempDir();
    const file = await writeLargeSharedTableWorkbook(dir, 1_000_000);
    // The harness serves the same core the app's main process runs, here with a small heap.
    const web = await startDevWeb(path.join(dir, 'store.db'), { nodeFlags: ['--max-old-space-size=32'] });
    closers.push(() => web.stop());
    const url = new URL(web.url);
    const headers = { authorization: `Bearer ${url.hash.replace('#token=', '')}` };
    const upload = await (await fetch(new URL('/api/upload?name=large-table.xlsx', url), { method: 'POST', headers, body: fs.readFileSync(file) })).json() as { path: string };
    const invoke = async (method: string, input: unknown) => (await fetch(new URL('/api/invoke', url), {
      method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify({ method, input }),
    })).json() as Promise<Record<string, unknown>>;
    expect(await invoke('files.inspect', { path: upload.path })).toEqual({ ok: false, error: {
      code: 'out_of_memory', file: 'large-table.xlsx', message: expect.stringMatching(/^large-table\.xlsx: reading it needs more memory than an import may use/),
    } });
    expect(await invoke('batches.list', {})).toEqual({ ok: true, value: { batches: [] } });
  }, 120_000);

  it('caps the heap of the thread an app import runs on: running out is one line naming the file, not the end of the app', async () => {
    const failures: Array<{ code: string; message: string }> = [];
    const jobs = new ImportJobs(path.join(tempDir(), 'store.db'), { progress: () => undefined, done: () => undefined, failed: (_, error) => failures.push(error) },
      { path: path.resolve(import.meta.dirname, '../fixtures/memory-hog-worker.mjs') });
    closers.push(() => jobs.close());
    jobs.start({ file: path.join(tempDir(), 'members.xlsx') });
    for (let waited = 0; failures.length === 0 && waited < 60_000; waited += 50) await sleep(50);
    expect(failures).toEqual([{ code: 'out_of_memory', message: expect.stringMatching(/^members\.xlsx: the import needs more memory than it may use \(\d+ MB\); nothing was saved$/) }]);
  }, 90_000);

  it('keeps a shortened copy of an over-long rejected row', async () => {
    const dir = tempDir();
    const db = path.join(dir, 'store.db');
    const file = path.join(dir, 'wide.csv');
    const header = ['Member ID', 'Purchased At', ...Array.from({ length: 40 }, (_, index) => `Note ${index + 1}`)];
    fs.writeFileSync(file, toDelimited([header, ['', '2026-11-27T10:00:00+09:00', ...Array.from({ length: 40 }, (_, index) => String(index % 10).repeat(4_000))]]));
    const result = await cliJson<ImportJson>(['import', file, '--kind', 'pos', '--db', db]);
    expect(result).toMatchObject({ rows: 1, rejected: 1 });
    const listing = await cliJson<{ rows: Array<{ cells: string[] }> }>(['rejected', '1', '--db', db]);
    const cells = listing.rows[0]!.cells;
    expect(cells.join('').length).toBeLessThan(34_000);
    expect(cells.slice(0, 3)).toEqual(['', '2026-11-27T10:00:00+09:00', '0'.repeat(4_000)]);
    expect(cells.at(-1)).toMatch(/^…\[\d+ more cells not kept\]$/);
  });
});

describe('the disk under an import', () => {
  function writeExport(dir: string, rows: number): string {
    const file = path.join(dir, 'pos_day.csv');
    fs.writeFileSync(file, toDelimited([posHeader, ...[...generatePosRows(rows)].map(posCells)]));
    return file;
  }

  it('refuses to start when the disk cannot hold the file and the reserve', async () => {
    const dir = tempDir();
    const file = writeExport(dir, 100);
    const db = openStore(path.join(dir, 'store.db'));
    try {
      const failure = await importFile(db, new ManualClock(0), { file, tz: 'Asia/Tokyo', freeSpace: () => 200 * MiB }).catch((error: unknown) => error);
      expect(failure).toMatchObject({ code: 'disk_full', location: { file: 'pos_day.csv' } });
      expect((failure as Error).message).toMatch(/^the disk holding the store has 200 MB free; .* 256 MB must stay free/);
      expect(db.prepare('SELECT count(*) FROM batches').pluck().get()).toBe(0);
    } finally {
      db.close();
    }
  });

  it('stops when the disk runs short during the import, and leaves nothing half-written', async () => {
    const dir = tempDir();
    const file = writeExport(dir, 20_000);
    const db = openStore(path.join(dir, 'store.db'));
    try {
      let calls = 0;
      // Plenty at the start and for the first chunks, then another program fills the disk.
      const freeSpace = () => (++calls <= 4 ? 10_000 * MiB : 100 * MiB);
      const failure = await importFile(db, new ManualClock(0), { file, tz: 'Asia/Tokyo', worker: false, freeSpace }).catch((error: unknown) => error);
      expect(calls).toBeGreaterThan(4);
      expect(failure).toMatchObject({ code: 'disk_full', location: { file: 'pos_day.csv' } });
      expect((failure as Error).message).toMatch(/^the disk holding the store is down to 100 MB free .*nothing was saved/);
      for (const table of ['batches', 'events', 'batch_rows']) expect(db.prepare(`SELECT count(*) FROM ${table}`).pluck().get(), table).toBe(0);
    } finally {
      db.close();
    }
  });
});

describe('a hostile file in a watched folder', () => {
  it('ends as a failed import with a notification, and the next file is imported', async () => {
    const dir = tempDir();
    const folder = path.join(dir, 'exports');
    fs.mkdirSync(folder);
    const clock = new ManualClock(Date.parse('2026-12-01T00:00:00Z'));
    const core = startCoreHost({ dbPath: path.join(dir, 'store.db'), clock, schedulerIntervalMs: 0 });
    closers.push(() => core.close());
    const events: Array<[EventName, unknown]> = [];
    core.on((event, payload) => events.push([event, payload]));

    core.grants.grantFolder(folder);
    expect(await core.invoke('automation.save', { folder: { folder, kind: 'members', settle_ms: 1000 } })).toMatchObject({ ok: true });
    await writeSharedTextBombWorkbook(folder, { rows: 2_000, columns: 6, chars: 3_000, name: 'a-members.xlsx' });
    fs.writeFileSync(path.join(folder, 'b-members.csv'), toDelimited([['Member ID', 'Tier'], ['M1', 'VIP'], ['M2', 'Gold']]));
    for (const name of ['a-members.xlsx', 'b-members.csv']) fs.utimesSync(path.join(folder, name), new Date(clock.now() - 60_000), new Date(clock.now() - 60_000));

    const scan = await core.invoke('automation.scan', {});
    expect(scan).toMatchObject({ ok: true, value: { results: [
      { file: 'a-members.xlsx', outcome: 'failed', detail: expect.stringMatching(/^the workbook holds more than an import may read \(it may be built to fill the disk\) \(xlsx_too_large, row \d+\); nothing was saved/) },
      { file: 'b-members.csv', outcome: 'committed' },
    ] } });
    expect(events.filter(([event]) => event === 'automation.failed')).toEqual([
      ['automation.failed', { file: 'a-members.xlsx', detail: expect.stringMatching(/^the workbook holds more than an import may read \(it may be built to fill the disk\) \(xlsx_too_large, row \d+\)/) }],
    ]);
    expect(await core.invoke('batches.list', {})).toMatchObject({ ok: true, value: { batches: [expect.objectContaining({ file: 'b-members.csv', status: 'committed' })] } });
    // A failed file is not retried on every pass.
    events.length = 0;
    expect(await core.invoke('automation.scan', {})).toMatchObject({ ok: true, value: { results: [] } });
    expect(events.filter(([event]) => event === 'automation.failed')).toEqual([]);
  });
});
