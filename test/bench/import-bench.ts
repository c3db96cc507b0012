import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { openStore } from '../../electron/core/store/open-store.ts';
import { getTimeline } from '../../electron/core/timeline/get-timeline.ts';
import { writeLargePosCsv } from '../fixtures/pos-csv.ts';
import { writeMembersXlsx } from './generate-members-xlsx.ts';
import { measureCli, measureCommand, measureNode, type ChildMeasurement } from './measure-child.ts';

const RUNS = 3;

function median(runs: readonly ChildMeasurement[]): ChildMeasurement {
  return [...runs].sort((a, b) => a.wallMs - b.wallMs)[Math.floor(runs.length / 2)]!;
}

export interface BenchRow {
  benchmark: string;
  what: string;
  rows: number;
  wallMs: number;
  rowsPerSecond: number | null;
  maxRssMb: number | null;
  note: string;
}

function row(benchmark: string, what: string, rows: number, wallMs: number, maxRssMb: number | null, note = ''): BenchRow {
  return { benchmark, what, rows, wallMs, rowsPerSecond: rows > 0 ? rows / (wallMs / 1000) : null, maxRssMb, note };
}

function hasSqlite3(): boolean {
  try {
    execFileSync('sqlite3', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

export async function runImportBench(dir: string, options: { posRows: number; memberRows: number }): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const csv = path.join(dir, 'pos_1m.csv');
  await writeLargePosCsv(csv, options.posRows, { missingEvery: 33 });
  const csvMb = fs.statSync(csv).size / 1024 / 1024;

  // The build machine is shared and noisy: the baselines and the import run in turn, three times each,
  // and each row reports its median run, so all of them meet the same moments of load.
  const db = path.join(dir, 'store.db');
  const sqlite3 = hasSqlite3();
  const papaRuns: ChildMeasurement[] = [];
  const sqliteRuns: ChildMeasurement[] = [];
  const importRuns: ChildMeasurement[] = [];
  for (let run = 0; run < RUNS; run++) {
    papaRuns.push(await measureNode('test/bench/baseline-papaparse.ts', [csv]));
    if (sqlite3) {
      const bare = path.join(dir, 'bare.db');
      fs.rmSync(bare, { force: true });
      sqliteRuns.push(await measureCommand('sqlite3', [bare, '-cmd', '.mode csv', `.import ${csv} pos`]));
    }
    for (const suffix of ['', '-wal', '-shm']) fs.rmSync(db + suffix, { force: true });
    const imported = await measureCli(['import', csv, '--tz', 'Asia/Tokyo', '--db', db, '--commit', '--json']);
    if (imported.code !== 0) throw new Error(`import failed: ${imported.stderr}`);
    importRuns.push(imported);
  }
  const papa = median(papaRuns);
  rows.push(row('pos csv', 'baseline: papaparse alone', options.posRows, papa.wallMs, papa.maxRssMb, `${csvMb.toFixed(0)} MB file; median of ${RUNS}`));
  if (sqlite3) {
    rows.push(row('pos csv', 'baseline: sqlite3 .import into a bare table', options.posRows, median(sqliteRuns).wallMs, null, `no indexes, no validation; median of ${RUNS}`));
  }
  // The floor the store sets: the same events inserted with the same statements, nothing parsed or validated in the time.
  const sql = await measureNode('test/bench/baseline-sql-inserts.ts', [csv, path.join(dir, 'sql-only.db')]);
  if (sql.code !== 0) throw new Error(`SQL baseline failed: ${sql.stderr}`);
  const sqlOnly = JSON.parse(sql.stdout) as { insertMs: number; events: number };
  rows.push(row('pos csv', 'baseline: the import\'s SQL alone (same events, statements, indexes)', sqlOnly.events, sqlOnly.insertMs, null,
    'parsing and validation not timed'));
  const peakRss = Math.max(...importRuns.map((run) => run.maxRssMb ?? 0));
  const importMs = median(importRuns).wallMs;
  rows.push(row('pos csv', 'shopfloor import --commit (CLI)', options.posRows, importMs, peakRss,
    `${(importMs / sqlOnly.insertMs).toFixed(2)}× the SQL alone; median of ${RUNS}, peak RSS of all`));

  const store = openStore(db);
  const users = Array.from({ length: 1000 }, (_, index) => `M${String(100000 + ((index * 7919) % 50_000)).padStart(6, '0')}`);
  const times: number[] = [];
  for (const user of users) {
    const started = performance.now();
    getTimeline(store, user);
    times.push(performance.now() - started);
  }
  const events = store.prepare('SELECT count(*) FROM events').pluck().get() as number;
  store.close();
  times.sort((a, b) => a - b);
  rows.push(row('timeline', `one user at ${events.toLocaleString('en-US')} events: mean`, 1, times.reduce((a, b) => a + b, 0) / times.length, null,
    `p95 ${times[Math.floor(times.length * 0.95)]!.toFixed(2)} ms over ${times.length} users`));

  const xlsx = path.join(dir, 'members_100k.xlsx');
  await writeMembersXlsx(xlsx, options.memberRows);
  const exceljs = await measureNode('test/bench/baseline-exceljs.ts', [xlsx]);
  rows.push(row('members xlsx', 'baseline: ExcelJS streaming reader alone', options.memberRows, exceljs.wallMs, exceljs.maxRssMb));
  const members = await measureCli(['import', xlsx, '--tz', 'Asia/Tokyo', '--db', db, '--commit', '--json']);
  if (members.code !== 0) throw new Error(`members import failed: ${members.stderr}`);
  rows.push(row('members xlsx', 'shopfloor import --commit (CLI)', options.memberRows, members.wallMs, members.maxRssMb, 'profiles upserted with pre-images'));
  return rows;
}
