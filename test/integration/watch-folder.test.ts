import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../electron/core/clock.ts';
import { posCells, posHeader, generatePosRows, toDelimited } from '../fixtures/pos-csv.ts';
import { cliJson, spawnBin } from '../helpers/run-cli.ts';
import { useTempDir } from '../helpers/temp-dir.ts';

const tempDir = useTempDir();

interface Pass {
  results: Array<{ file: string; outcome: string; batch_id?: number; rejected_rate?: number }>;
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
