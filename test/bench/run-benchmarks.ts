import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runBackupBench } from './backup-bench.ts';
import { runImportBench, type BenchRow } from './import-bench.ts';
import { runCatchUpBench } from './catch-up-bench.ts';
import { runChannelsBench } from './channels-bench.ts';
import { runCliBench } from './cli-bench.ts';
import { runJourneyBench } from './journey-bench.ts';
import { runResultsBench } from './results-bench.ts';
import { runLegacyXlsBench } from './legacy-xls-bench.ts';
import { runUpstreamBench } from './upstream-bench.ts';
import { textTable } from '../../electron/core/cli/text-table.ts';
import { ensureCli } from '../../build/build-cli.mjs';

// `npm run bench`: each measurement next to a baseline taken in the same run; a table on stdout, JSON in bench-output/.
const quick = process.argv.includes('--quick');
// The command line is measured as it ships: the bundle, rebuilt first if its sources changed.
await ensureCli();
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shopfloor-bench-'));
try {
  const rows: BenchRow[] = [];
  const only = process.argv.find((arg) => arg.startsWith('--only='))?.slice('--only='.length);
  if (!only || only === 'cli') rows.push(...await runCliBench(dir, { rounds: quick ? 3 : 7 }));
  if (!only || only === 'import') rows.push(...await runImportBench(dir, { posRows: quick ? 100_000 : 1_000_000, memberRows: quick ? 10_000 : 100_000 }));
  // An .xls sheet stops at 65,536 rows: the largest one it can hold stands in for 100,000.
  if (!only || only === 'xls') rows.push(...await runLegacyXlsBench(dir, { rows: quick ? 10_000 : 65_535 }));
  if (!only || only === 'channels') {
    rows.push(...await runChannelsBench(dir, { count: quick ? 1_000 : 10_000 }));
    // The same with every answer 10 ms later, as from a provider across a network: what a store sees.
    rows.push(...await runChannelsBench(dir, { count: quick ? 200 : 2_000, latencyMs: 10 }));
  }
  if (!only || only === 'upstream') rows.push(...await runUpstreamBench(dir, { events: quick ? 100_000 : 1_000_000 }));
  if (!only || only === 'catch-up') rows.push(...await runCatchUpBench(dir, { scenarios: quick ? 10 : 60 }));
  if (!only || only === 'backup') rows.push(...await runBackupBench(dir, { posRows: quick ? 100_000 : 1_000_000 }));
  if (!only || only === 'journey') rows.push(...await runJourneyBench(dir, { users: quick ? 10_000 : 100_000, events: quick ? 100_000 : 1_000_000 }));
  if (!only || only === 'results') rows.push(...await runResultsBench(dir, { runs: quick ? 10_000 : 100_000, events: quick ? 100_000 : 1_000_000 }));
  // Ratios against the strictest baseline of the same benchmark measured in this run.
  const ratio = (r: BenchRow): string => {
    if (r.what.startsWith('baseline')) return '';
    const group = rows.filter((other) => other.benchmark === r.benchmark && other.what.startsWith('baseline'));
    const base = group.find((other) => other.what.includes('(floor)')) ?? group[0];
    if (r.what.includes('simulate') || r.what.startsWith('write upload files')) return '';
    if (r.benchmark.includes('dispatch')) return base ? `${(r.wallMs / r.rows / (base.wallMs / base.rows)).toFixed(2)}× per message` : '';
    return base ? `${(r.wallMs / base.wallMs).toFixed(2)}×` : '';
  };
  console.log(textTable(['benchmark', 'what', 'rows', 'wall', 'vs baseline', 'rows/s', 'peak RSS', 'note'], rows.map((r) => [
    r.benchmark, r.what, r.rows.toLocaleString('en-US'), r.wallMs >= 1000 ? `${(r.wallMs / 1000).toFixed(2)} s` : `${r.wallMs.toFixed(2)} ms`, ratio(r),
    r.rowsPerSecond === null || r.rows <= 1 ? '' : Math.round(r.rowsPerSecond).toLocaleString('en-US'),
    r.maxRssMb === null ? '' : `${r.maxRssMb.toFixed(0)} MB`, r.note,
  ]), [2, 3, 4, 5, 6]));
  const out = path.resolve('bench-output');
  fs.mkdirSync(out, { recursive: true });
  fs.writeFileSync(path.join(out, 'results.json'), JSON.stringify({ date: new Date().toISOString(), cpus: os.cpus().length, node: process.version, rows }, null, 2));
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
