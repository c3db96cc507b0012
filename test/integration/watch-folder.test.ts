import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../electron/core/clock.ts';
import { posCells, posHeader, generatePosRows, toDelimited } from '../fixtures/pos-csv.ts';
import { taiwanMembersSheet, writeStoreSheets, writeWorkbook, type Cell } from '../fixtures/sheetjs-workbooks.ts';
import { cliJson, spawnBin } from '../helpers/run-cli.ts';
import { useTempDir } from '../helpers/temp-dir.ts';

const tempDir = useTempDir();

interface Pass {
  results: Array<{ file: string; outcome: string; batch_id?: number; rejected_rate?: number; detail?: string }>;
}

function posLines(count: number, options: { missingEvery?: number; startMs?: number } = {}): string {
  return toDelimited([...generatePosRows(count, options)].map(posCells));
}

describe('the watched folder', () => {
  it('imports a file written slowly in chunks once, complete, and not again when copied under another name', async () => {
    const dir = tempDir();
    const folder = path.join(dir, 'exports');
    fs.mkdirSync(folder);
    const db = path.join(dir, 'store.db');
    const clock = new ManualClock(Date.parse('2026-11-27T14:00:00Z'));
    const watch = () => cliJson<Pass>(['watch', '--folder', folder, '--kind', 'pos', '--tz', 'Asia/Tokyo', '--pattern', 'pos_*.csv', '--settle', 'PT5S', '--once', '--db', db], clock);
    const file = path.join(folder, 'pos_2026-11-27.csv');
    const rows = [...generatePosRows(300)].map(posCells);
    const touch = (target: string) => fs.utimesSync(target, new Date(clock.now()), new Date(clock.now()));

    fs.writeFileSync(file, toDelimited([posHeader, ...rows.slice(0, 100)]));
    touch(file);
    expect((await watch()).results).toEqual([{ file: 'pos_2026-11-27.csv', outcome: 'waiting', detail: 'still being written' }]);
    for (const part of [rows.slice(100, 200), rows.slice(200)]) {
      clock.advance(2_000);
      fs.appendFileSync(file, toDelimited(part));
      touch(file);
      expect((await watch()).results.map((result) => result.outcome)).toEqual(['waiting']);
    }
    clock.advance(6_000);
    const done = await watch();
    expect(done.results).toEqual([expect.objectContaining({ file: 'pos_2026-11-27.csv', outcome: 'committed', rejected_rate: 0 })]);
    const batch = await cliJson<{ rows: number; accepted: number; status: string }>(['batches', '--db', db]);
    expect(batch).toMatchObject({ batches: [expect.objectContaining({ rows: 300, accepted: 300, status: 'committed' })] });

    // Nothing new on the next pass; a copy under another name is the same export.
    expect((await watch()).results).toEqual([]);
    fs.copyFileSync(file, path.join(folder, 'pos_2026-11-27 (1).csv'));
    touch(path.join(folder, 'pos_2026-11-27 (1).csv'));
    clock.advance(10_000);
    expect((await watch()).results).toEqual([expect.objectContaining({ file: 'pos_2026-11-27 (1).csv', outcome: 'duplicate', batch_id: done.results[0]!.batch_id })]);
    expect((await cliJson<{ batches: unknown[] }>(['batches', '--db', db])).batches).toHaveLength(1);
    // Files that are not exports, or not finished, are left alone.
    fs.writeFileSync(path.join(folder, 'notes.txt'), 'hello');
    fs.writeFileSync(path.join(folder, 'pos_2026-11-28.csv.part'), 'Member ID\n');
    clock.advance(60_000);
    expect((await watch()).results).toEqual([]);
  });

  it('catches up on files that arrived while the app was closed, and leaves a file with too many rejects for review', async () => {
    const dir = tempDir();
    const folder = path.join(dir, 'exports');
    fs.mkdirSync(folder);
    const db = path.join(dir, 'store.db');
    const clock = new ManualClock(Date.parse('2026-11-30T09:00:00Z'));
    const days = ['2026-11-27', '2026-11-28', '2026-11-29'];
    days.forEach((day, index) => {
      const file = path.join(folder, `pos_${day}.csv`);
      fs.writeFileSync(file, toDelimited([posHeader]) + posLines(200, { missingEvery: index === 2 ? 10 : 0, startMs: Date.parse(`${day}T00:00:00Z`) }));
      fs.utimesSync(file, new Date(Date.parse(`${day}T23:30:00Z`)), new Date(Date.parse(`${day}T23:30:00Z`)));
    });
    const pass = await cliJson<Pass>(['watch', '--folder', folder, '--kind', 'pos', '--tz', 'Asia/Tokyo', '--max-rejected', '2%', '--once', '--db', db], clock);
    expect(pass.results.map(({ file, outcome }) => [file, outcome])).toEqual([
      ['pos_2026-11-27.csv', 'committed'], ['pos_2026-11-28.csv', 'committed'], ['pos_2026-11-29.csv', 'review'],
    ]);
    expect(pass.results[2]!.rejected_rate).toBeCloseTo(0.1);
    const batches = await cliJson<{ batches: Array<{ status: string }> }>(['batches', '--db', db]);
    expect(batches.batches.map((batch) => batch.status)).toEqual(['committed', 'committed', 'staged']);
  });

  it('runs a daily folder once a day at its time, and catches up a missed run', async () => {
    const dir = tempDir();
    const folder = path.join(dir, 'exports');
    fs.mkdirSync(folder);
    const db = path.join(dir, 'store.db');
    const file = path.join(folder, 'members.csv');
    fs.writeFileSync(file, toDelimited([['Member ID', 'Tier'], ['M1', 'VIP']]));
    fs.utimesSync(file, new Date('2026-11-27T10:00:00Z'), new Date('2026-11-27T10:00:00Z'));
    const clock = new ManualClock(Date.parse('2026-11-28T13:00:00Z')); // 22:00 in Tokyo
    const watch = () => cliJson<Pass>(['watch', '--folder', folder, '--kind', 'members', '--tz', 'Asia/Tokyo', '--daily', '23:30', '--once', '--db', db], clock);
    // The app was closed at last night's 23:30: the missed run happens now.
    expect((await watch()).results.map((result) => result.outcome)).toEqual(['committed']);
    fs.writeFileSync(path.join(folder, 'members-2.csv'), toDelimited([['Member ID', 'Tier'], ['M2', 'Gold']]));
    fs.utimesSync(path.join(folder, 'members-2.csv'), new Date('2026-11-28T13:05:00Z'), new Date('2026-11-28T13:05:00Z'));
    clock.set(Date.parse('2026-11-28T14:00:00Z')); // 23:00: not yet
    expect((await watch()).results).toEqual([]);
    clock.set(Date.parse('2026-11-28T14:31:00Z')); // 23:31
    expect((await watch()).results.map((result) => result.outcome)).toEqual(['committed']);
  });

  it('imports .xls, .xlsb and .ods exports as it does .xlsx, and says in one line why a workbook it cannot read failed', async () => {
    const dir = tempDir();
    const folder = path.join(dir, 'exports');
    fs.mkdirSync(folder);
    const db = path.join(dir, 'store.db');
    const members = (prefix: string, count: number): Cell[][] => [['会員ID', '氏名', '入会日'],
      ...Array.from({ length: count }, (_, index): Cell[] => [`${prefix}${index + 1}`, `山田 ${index + 1}`, { date: [2023, 3, 15 + index], format: 'yyyy/mm/dd' }])];
    writeWorkbook(path.join(folder, 'members_tw.xls'), [taiwanMembersSheet], 'biff5', { codepage: 950 });
    writeWorkbook(path.join(folder, 'members_a.xlsb'), [{ name: '会員', rows: members('A', 30) }], 'xlsb');
    writeWorkbook(path.join(folder, 'members_b.ods'), [{ name: '会員', rows: members('B', 20) }], 'ods');
    // What a Japanese Excel 95 saves, the held-out cases included (a blank member ID, a footer): half rejected.
    writeStoreSheets(folder, 'biff5', { codepage: 932, name: 'members_c' });
    const big = path.join(folder, 'members_big.xls');
    fs.writeFileSync(big, fs.readFileSync(path.join(folder, 'members_tw.xls')));
    fs.truncateSync(big, 60 * 1024 * 1024);
    const cut = path.join(folder, 'members_cut.ods');
    fs.writeFileSync(cut, fs.readFileSync(path.join(folder, 'members_b.ods')).subarray(0, 2_000));
    const clock = new ManualClock(Date.parse('2026-11-30T09:00:00Z'));
    for (const name of fs.readdirSync(folder)) fs.utimesSync(path.join(folder, name), new Date('2026-11-29T23:00:00Z'), new Date('2026-11-29T23:00:00Z'));

    const pass = await cliJson<Pass>(['watch', '--folder', folder, '--kind', 'members', '--tz', 'Asia/Tokyo', '--max-rejected', '10%', '--once', '--db', db], clock);
    expect(pass.results.map(({ file, outcome, detail }) => [file, outcome, ...(outcome === 'failed' ? [detail] : [])])).toEqual([
      ['members_a.xlsb', 'committed'],
      ['members_b.ods', 'committed'],
      ['members_big.xls', 'failed', 'the workbook is larger than Shopfloor reads in its format: save it as .xlsx or CSV (workbook_too_large); nothing was saved. Import the file by hand to see the details'],
      ['members_c.xls', 'review'],
      ['members_cut.ods', 'failed', 'the workbook cannot be read (xlsx_not_a_workbook); nothing was saved. Import the file by hand to see the details'],
      ['members_tw.xls', 'committed'],
    ]);
    expect(pass.results[3]!.rejected_rate).toBeCloseTo(0.5);
    const batches = await cliJson<{ batches: Array<{ file: string; rows: number; status: string }> }>(['batches', '--db', db]);
    expect(batches.batches.map(({ file, rows, status }) => [file, rows, status])).toEqual([
      ['members_a.xlsb', 30, 'committed'], ['members_b.ods', 20, 'committed'], ['members_c.xls', 4, 'staged'], ['members_tw.xls', 2, 'committed'],
    ]);
    expect((await cliJson<{ user: Record<string, unknown> }>(['timeline', 'T0001', '--db', db])).user).toMatchObject({ name: '陳 小明', joined_at: '2025-01-15' });
    expect((await cliJson<{ user: Record<string, unknown> }>(['timeline', 'A2', '--db', db])).user).toMatchObject({ name: '山田 2', joined_at: '2023-03-16' });
  });
});

describe('a watched folder with a pattern of many stars', () => {
  it('answers at once for a long file name that almost matches (no backtracking per star)', async () => {
    const dir = tempDir();
    const folder = path.join(dir, 'exports');
    fs.mkdirSync(folder);
    // Matching this with `*` → `.*` takes longer than anyone waits; the child is killed if it has not answered by then.
    fs.writeFileSync(path.join(folder, `${'a'.repeat(200)}.txt`), 'not an export');
    const run = await spawnBin(['watch', '--folder', folder, '--kind', 'pos', '--tz', 'Asia/Tokyo', '--pattern', `${'*a'.repeat(8)}*.csv`, '--once', '--json', '--db', path.join(dir, 'store.db')], { killAfterMs: 45_000 });
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ results: [] });
  }, 90_000);
});
