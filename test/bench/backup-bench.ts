import { once } from 'node:events';
import fs from 'node:fs';
import path from 'node:path';
import { buildShell, ROOT } from '../../build/build-app.mjs';
import { backupWorkerBeside } from '../../electron/core/backup/backup-worker-thread.ts';
import { takeBackup, type BackupSource } from '../../electron/core/backup/take-backup.ts';
import { ManualClock } from '../../electron/core/clock.ts';
import { eraseUser } from '../../electron/core/privacy/erase-user.ts';
import { openStore } from '../../electron/core/store/open-store.ts';
import { useNativeBinding } from '../../electron/core/store/sqlite-binding.ts';
import { generatePosRows, posCells, posHeader, toDelimited, writeLargePosCsv } from '../fixtures/pos-csv.ts';
import type { BenchRow } from './import-bench.ts';
import { measureNode } from './measure-child.ts';

const RUNS = 3;

function median(values: readonly number[]): number {
  return [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
}

function row(benchmark: string, what: string, rows: number, wallMs: number, note = ''): BenchRow {
  return { benchmark, what, rows, wallMs, rowsPerSecond: rows > 0 ? rows / (wallMs / 1000) : null, maxRssMb: null, note };
}

/** The next day's export: the same generator, its receipts renamed so no line is a duplicate of the store's. */
async function writeNextDayCsv(file: string, count: number): Promise<void> {
  const out = fs.createWriteStream(file);
  out.write(toDelimited([posHeader]));
  let buffer: string[][] = [];
  for (const line of generatePosRows(count, { startMs: Date.UTC(2026, 11, 1) })) {
    const cells = posCells(line);
    cells[3] = `N${cells[3]}`;
    buffer.push(cells);
    if (buffer.length === 5_000) {
      if (!out.write(toDelimited(buffer))) await once(out, 'drain');
      buffer = [];
    }
  }
  out.end(toDelimited(buffer));
  await once(out, 'finish');
}

function fresh(file: string): void {
  for (const suffix of ['', '-wal', '-shm']) fs.rmSync(file + suffix, { force: true });
}

/**
 * Issue 12: backing up the 1M-event store, idle and while an import writes into it, against a plain copy of
 * the same file (and a copy made durable with fsync, as a backup must be); the import's slowdown while it
 * is backed up; erasing one customer at 1M events. The backup runs as in the app: the bundled worker.
 */
export async function runBackupBench(dir: string, options: { posRows: number }): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const store = path.join(dir, 'backup-store.db');
  const csv = path.join(dir, 'backup-pos.csv');
  await writeLargePosCsv(csv, options.posRows, { missingEvery: 33 });
  const built = await measureNode('electron/core/cli.ts', ['import', csv, '--tz', 'Asia/Tokyo', '--db', store, '--commit', '--json']);
  if (built.code !== 0) throw new Error(`building the store failed: ${built.stderr}`);
  const nextDay = path.join(dir, 'backup-next-day.csv');
  const importRows = Math.round(options.posRows / 5);
  await writeNextDayCsv(nextDay, importRows);

  const shell = path.join(dir, 'shell');
  await buildShell(ROOT, shell);
  useNativeBinding(path.join(ROOT, 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node'));
  const worker = backupWorkerBeside({ path: path.join(shell, 'main', 'workers', 'import-worker.mjs') })!;
  const folder = path.join(dir, 'backups');
  const backup = async (source: BackupSource) => {
    const started = performance.now();
    const made = await takeBackup(source, { folder, createFolder: true, kind: 'manual', now: Date.now() });
    const ms = performance.now() - started;
    fs.rmSync(made.file);
    return ms;
  };

  const copy = path.join(dir, 'copy.db');
  const times = { copy: [] as number[], copySync: [] as number[], idle: [] as number[], alone: [] as number[], during: [] as number[], backupDuring: [] as number[] };
  for (let run = 0; run < RUNS; run++) {
    let started = performance.now();
    fs.copyFileSync(store, copy);
    times.copy.push(performance.now() - started);
    fs.rmSync(copy);
    started = performance.now();
    fs.copyFileSync(store, copy);
    const fd = fs.openSync(copy, 'r+');
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    times.copySync.push(performance.now() - started);
    fs.rmSync(copy);
    times.idle.push(await backup({ dbPath: store, worker }));

    // The import alone, then the same import into the same store while it is backed up.
    const target = path.join(dir, 'import-target.db');
    fresh(target);
    fs.copyFileSync(store, target);
    const alone = await measureNode('electron/core/cli.ts', ['import', nextDay, '--tz', 'Asia/Tokyo', '--db', target, '--commit', '--json']);
    if (alone.code !== 0) throw new Error(`import failed: ${alone.stderr}`);
    times.alone.push(alone.wallMs);
    fresh(target);
    fs.copyFileSync(store, target);
    const importing = measureNode('electron/core/cli.ts', ['import', nextDay, '--tz', 'Asia/Tokyo', '--db', target, '--commit', '--json']);
    // Once the import is under way (its process started and reading), back the store up.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    times.backupDuring.push(await backup({ dbPath: target, worker }));
    const during = await importing;
    if (during.code !== 0) throw new Error(`import during backup failed: ${during.stderr}`);
    times.during.push(during.wallMs);
    fresh(target);
  }
  const bytes = fs.statSync(store).size;
  const note = `${(bytes / 1024 / 1024).toFixed(0)} MB store; median of ${RUNS}`;
  rows.push(row('backup the store', 'baseline: plain file copy (copyFile)', 0, median(times.copy), note));
  rows.push(row('backup the store', 'baseline: file copy + fsync', 0, median(times.copySync), `durable, as a backup must be; ${(median(times.copySync) / median(times.copy)).toFixed(2)}× the plain copy`));
  rows.push(row('backup the store', 'backup now, idle (online backup API, bundled worker)', 0, median(times.idle),
    `${(median(times.idle) / median(times.copySync)).toFixed(2)}× the durable copy`));
  rows.push(row('backup the store', `backup while a ${importRows.toLocaleString('en-US')}-row import writes into the store`, 0, median(times.backupDuring)));
  rows.push(row('import during a backup', `baseline: import ${importRows.toLocaleString('en-US')} rows into the 1M store, alone`, importRows, median(times.alone), `median of ${RUNS}, CLI`));
  rows.push(row('import during a backup', 'the same import while the store is backed up', importRows, median(times.during),
    `slowed by ${((median(times.during) / median(times.alone) - 1) * 100).toFixed(0)} %`));

  // Quick check at every start (the command line opens the store for each command).
  const db = openStore(store);
  let started = performance.now();
  db.pragma('quick_check(1)');
  rows.push(row('open the store', 'quick_check at start', 0, performance.now() - started, 'run by the app once at start and by every command'));

  // Erasure: twenty customers, one at a time, each with its ~20 events, profile-less POS data.
  const clock = new ManualClock(Date.now());
  const erasures: number[] = [];
  for (let index = 0; index < 20; index++) {
    const user = `M${String(100000 + ((index * 2_477) % 50_000)).padStart(6, '0')}`;
    started = performance.now();
    eraseUser(db, clock, user, { spoolDir: path.join(dir, 'spool') });
    erasures.push(performance.now() - started);
  }
  const events = db.prepare('SELECT count(*) FROM events').pluck().get() as number;
  db.close();
  erasures.sort((a, b) => a - b);
  rows.push(row('erasure', `erase one customer at ${events.toLocaleString('en-US')} events (median of 20)`, 1, median(erasures),
    `max ${erasures[erasures.length - 1]!.toFixed(1)} ms; transaction + WAL checkpoint`));
  return rows;
}
