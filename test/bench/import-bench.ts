import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { openStore } from '../../electron/core/store/open-store.ts';
import { getTimeline } from '../../electron/core/timeline/get-timeline.ts';
import { writeLargePosCsv } from '../fixtures/pos-csv.ts';
import { writeMembersXlsx } from './generate-members-xlsx.ts';
import { measureCommand, measureNode } from './measure-child.ts';

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

  const papa = await measureNode('test/bench/baseline-papaparse.ts', [csv]);
  rows.push(row('pos csv', 'baseline: papaparse alone', options.posRows, papa.wallMs, papa.maxRssMb, `${csvMb.toFixed(0)} MB file`));

  if (hasSqlite3()) {
    const bare = path.join(dir, 'bare.db');
    const sqlite = await measureCommand('sqlite3', [bare, '-cmd', '.mode csv', `.import ${csv} pos`]);
    rows.push(row('pos csv', 'baseline: sqlite3 .import into a bare table', options.posRows, sqlite.wallMs, null, 'no indexes, no validation'));
  }

  const db = path.join(dir, 'store.db');
  const imported = await measureNode('electron/core/cli.ts', ['import', csv, '--tz', 'Asia/Tokyo', '--db', db, '--commit', '--json']);
  if (imported.code !== 0) throw new Error(`import failed: ${imported.stderr}`);
  rows.push(row('pos csv', 'shopfloor import --commit (CLI)', options.posRows, imported.wallMs, imported.maxRssMb, 'validate, dedup, 3 indexes'));

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
  const members = await measureNode('electron/core/cli.ts', ['import', xlsx, '--tz', 'Asia/Tokyo', '--db', db, '--commit', '--json']);
  if (members.code !== 0) throw new Error(`members import failed: ${members.stderr}`);
  rows.push(row('members xlsx', 'shopfloor import --commit (CLI)', options.memberRows, members.wallMs, members.maxRssMb, 'profiles upserted with pre-images'));
  return rows;
}
