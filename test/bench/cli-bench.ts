import fs from 'node:fs';
import path from 'node:path';
import { generatePosRows, posCells, posHeader, toDelimited } from '../fixtures/pos-csv.ts';
import type { BenchRow } from './import-bench.ts';
import { repoRoot } from '../helpers/run-cli.ts';
import { measureCommand, measureNode, reportRss, type ChildMeasurement } from './measure-child.ts';

function median(runs: readonly ChildMeasurement[], of: (run: ChildMeasurement) => number = (run) => run.wallMs): number {
  const sorted = runs.map(of).sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function checked(run: ChildMeasurement, what: string): ChildMeasurement {
  if (run.code !== 0) throw new Error(`${what} failed: ${run.stderr}`);
  return run;
}

/**
 * Start-up of the command line, as a store's scheduled job pays it several times a day: bare Node
 * (`node -e 0`), `shopfloor batches`, and a daily 1,000-row import with --commit into a fresh store,
 * in turn `rounds` times (the machine's load drifts), each reported as its median. The same two
 * commands from TypeScript source through tsx, as before the bundle, are measured beside them.
 */
export async function runCliBench(dir: string, options: { rounds: number }): Promise<BenchRow[]> {
  // The bin as a user starts it, and bare Node, each with the same small hook that reports CPU time and peak RSS.
  const shopfloor = (args: readonly string[]) => measureCommand(process.execPath, ['--import', reportRss, path.join(repoRoot, 'bin/shopfloor.js'), ...args]);
  const csv = path.join(dir, 'pos_daily_1k.csv');
  fs.writeFileSync(csv, toDelimited([posHeader, ...[...generatePosRows(1_000, { missingEvery: 33 })].map(posCells)]));
  const listed = path.join(dir, 'cli-batches.db');
  checked(await shopfloor(['import', csv, '--tz', 'Asia/Tokyo', '--db', listed, '--commit']), 'seeding the store');
  const fresh = path.join(dir, 'cli-import.db');
  const importArgs = ['import', csv, '--tz', 'Asia/Tokyo', '--db', fresh, '--commit'];
  const removeFresh = () => { for (const suffix of ['', '-wal', '-shm']) fs.rmSync(fresh + suffix, { force: true }); };

  const runs: Record<'bare' | 'batches' | 'import' | 'tsxBatches' | 'tsxImport', ChildMeasurement[]> = { bare: [], batches: [], import: [], tsxBatches: [], tsxImport: [] };
  for (let round = 0; round < options.rounds; round++) {
    runs.bare.push(checked(await measureCommand(process.execPath, ['--import', reportRss, '-e', '0']), 'node -e 0'));
    runs.batches.push(checked(await shopfloor(['batches', '--db', listed]), 'shopfloor batches'));
    removeFresh();
    runs.import.push(checked(await shopfloor(importArgs), 'shopfloor import'));
    runs.tsxBatches.push(checked(await measureNode('electron/core/cli.ts', ['batches', '--db', listed]), 'batches from source'));
    removeFresh();
    runs.tsxImport.push(checked(await measureNode('electron/core/cli.ts', importArgs), 'import from source'));
  }
  const cpu = (run: ChildMeasurement) => run.cpuMs ?? Number.NaN;
  const bare = median(runs.bare);
  const bareCpu = median(runs.bare, cpu);
  const rows = (what: string, rowCount: number, key: keyof typeof runs): BenchRow => {
    const wallMs = median(runs[key]);
    const cpuMs = median(runs[key], cpu);
    return {
      benchmark: 'cli start-up', what, rows: rowCount, wallMs, rowsPerSecond: null,
      maxRssMb: Math.max(...runs[key].map((run) => run.maxRssMb ?? 0)) || null,
      note: key === 'bare' ? `CPU ${(cpuMs / 1000).toFixed(3)} s; medians of ${options.rounds}, in turn with the rows below`
        : `+${((wallMs - bare) / 1000).toFixed(3)} s wall, +${((cpuMs - bareCpu) / 1000).toFixed(3)} s CPU over bare Node`,
    };
  };
  return [
    rows('baseline: node -e 0 (bare Node start)', 1, 'bare'),
    rows('shopfloor batches (bundle)', 1, 'batches'),
    rows('shopfloor import 1,000 rows --commit (bundle)', 1_000, 'import'),
    rows('before: batches from source through tsx', 1, 'tsxBatches'),
    rows('before: import 1,000 rows --commit through tsx', 1_000, 'tsxImport'),
  ];
}
