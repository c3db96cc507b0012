import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { openStore } from '../../electron/core/store/open-store.ts';
import { getTimeline } from '../../electron/core/timeline/get-timeline.ts';
import { writeLargePosCsv } from '../fixtures/pos-csv.ts';
import { floorShellScript } from './floor-sql.ts';
import { writeMembersXlsx } from './generate-members-xlsx.ts';
import { measureCli, measureCommand, measureNode, type ChildMeasurement } from './measure-child.ts';

const RUNS = 3;

function median(runs: readonly ChildMeasurement[]): ChildMeasurement {
  return [...runs].sort((a, b) => a.wallMs - b.wallMs)[Math.floor(runs.length / 2)]!;
}

function medianOf(values: readonly number[]): number {
  return [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
}

function checked(run: ChildMeasurement, what: string): ChildMeasurement {
  if (run.code !== 0) throw new Error(`${what} failed: ${run.stderr}`);
  return run;
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
  const runs = { papa: [] as ChildMeasurement[], bare: [] as number[], floor: [] as number[], import: [] as ChildMeasurement[] };
  let floorEvents = 0;
  const fresh = (file: string) => {
    for (const suffix of ['', '-wal', '-shm']) fs.rmSync(file + suffix, { force: true });
    return file;
  };
  for (let run = 0; run < RUNS; run++) {
    runs.papa.push(await measureNode('test/bench/baseline-papaparse.ts', [csv]));
    if (sqlite3) {
      runs.bare.push(checked(await measureCommand('sqlite3', [fresh(path.join(dir, 'bare.db')), '-cmd', '.mode csv', `.import ${csv} pos`]), 'sqlite3 .import').wallMs);
      const floor = checked(await measureCommand('sqlite3', [fresh(path.join(dir, 'floor.db'))], floorShellScript(csv)), 'sqlite3 floor');
      floorEvents = Number(floor.stdout.trim().split('\n').at(-1)); // after the journal mode the pragma prints
      runs.floor.push(floor.wallMs);
    } else {
      runs.bare.push(JSON.parse(checked(await measureNode('test/bench/baseline-floor.ts', [csv, fresh(path.join(dir, 'bare.db')), 'bare']), '.import').stdout).ms as number);
      const floor = JSON.parse(checked(await measureNode('test/bench/baseline-floor.ts', [csv, fresh(path.join(dir, 'floor.db')), 'floor']), 'floor').stdout) as { ms: number; events: number };
      floorEvents = floor.events;
      runs.floor.push(floor.ms);
    }
    runs.import.push(checked(await measureCli(['import', csv, '--tz', 'Asia/Tokyo', '--db', fresh(db), '--commit', '--json']), 'import'));
  }
  const papa = median(runs.papa);
  const by = sqlite3 ? 'the sqlite3 shell' : 'better-sqlite3 (no sqlite3 shell here)';
  const bareMs = medianOf(runs.bare);
  const floorMs = medianOf(runs.floor);
  rows.push(row('pos csv', 'baseline: papaparse alone', options.posRows, papa.wallMs, papa.maxRssMb, `${csvMb.toFixed(0)} MB file; median of ${RUNS}`));
  rows.push(row('pos csv', 'baseline: .import into a bare table', options.posRows, bareMs, null, `${by}; no indexes, no validation; median of ${RUNS}`));
  rows.push(row('pos csv', 'baseline (floor): .import + one INSERT … SELECT into the events schema', floorEvents, floorMs, null,
    `${by}; same indexes, params by json_object; ${(floorMs / bareMs).toFixed(2)}× the bare .import; median of ${RUNS}`));
  // The import's own statements, nothing parsed or validated in the time (run once).
  const sql = checked(await measureNode('test/bench/baseline-sql-inserts.ts', [csv, path.join(dir, 'sql-only.db')]), 'SQL baseline');
  const sqlOnly = JSON.parse(sql.stdout) as { insertMs: number; events: number };
  rows.push(row('pos csv', 'baseline: the import\'s SQL alone (same events, statements, indexes)', sqlOnly.events, sqlOnly.insertMs, null,
    'parsing and validation not timed; one run'));
  const peakRss = Math.max(...runs.import.map((run) => run.maxRssMb ?? 0));
  const importMs = median(runs.import).wallMs;
  rows.push(row('pos csv', 'shopfloor import --commit (CLI)', options.posRows, importMs, peakRss,
    `${(importMs / floorMs).toFixed(2)}× the floor, ${(importMs / bareMs).toFixed(2)}× the bare .import, ${(importMs / sqlOnly.insertMs).toFixed(2)}× its SQL alone; median of ${RUNS}, peak RSS of all`));

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
  const members = checked(await measureCli(['import', xlsx, '--tz', 'Asia/Tokyo', '--db', db, '--commit', '--json']), 'members import');
  rows.push(row('members xlsx', 'shopfloor import --commit (CLI)', options.memberRows, members.wallMs, members.maxRssMb, 'profiles upserted with pre-images'));
  return rows;
}
