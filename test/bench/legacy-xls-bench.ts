import fs from 'node:fs';
import path from 'node:path';
import type { BenchRow } from './import-bench.ts';
import { writeMembersXls } from './generate-members-xls.ts';
import { measureCli, measureNode, type ChildMeasurement } from './measure-child.ts';

const RUNS = 3;

function checked(run: ChildMeasurement, what: string): ChildMeasurement {
  if (run.code !== 0) throw new Error(`${what} failed: ${run.stderr}`);
  return run;
}

function median(runs: readonly ChildMeasurement[]): ChildMeasurement {
  return [...runs].sort((a, b) => a.wallMs - b.wallMs)[Math.floor(runs.length / 2)]!;
}

/**
 * A members sheet as an Excel 97–2003 file imported and committed, next to SheetJS reading the same
 * file alone (the import reads it with SheetJS on its staging worker). In turn, three times each.
 */
export async function runLegacyXlsBench(dir: string, options: { rows: number }): Promise<BenchRow[]> {
  const file = path.join(dir, 'members.xls');
  writeMembersXls(file, options.rows);
  const mb = fs.statSync(file).size / 1024 / 1024;
  const runs = { sheetjs: [] as ChildMeasurement[], import: [] as ChildMeasurement[] };
  for (let run = 0; run < RUNS; run++) {
    runs.sheetjs.push(checked(await measureNode('test/bench/baseline-sheetjs.ts', [file]), 'SheetJS alone'));
    const db = path.join(dir, `xls-${run}.db`);
    const imported = checked(await measureCli(['import', file, '--tz', 'Asia/Tokyo', '--db', db, '--commit', '--json']), 'xls import');
    const result = JSON.parse(imported.stdout) as { accepted: number };
    if (result.accepted !== options.rows) throw new Error(`the .xls import accepted ${result.accepted} of ${options.rows} rows`);
    runs.import.push(imported);
  }
  const sheetjs = median(runs.sheetjs);
  const imported = median(runs.import);
  const peak = (list: readonly ChildMeasurement[]) => Math.max(...list.map((run) => run.maxRssMb ?? 0));
  const row = (what: string, wallMs: number, rss: number, note: string): BenchRow =>
    ({ benchmark: 'members xls', what, rows: options.rows, wallMs, rowsPerSecond: options.rows / (wallMs / 1000), maxRssMb: rss, note });
  return [
    row('baseline: SheetJS reading the file alone', sheetjs.wallMs, peak(runs.sheetjs), `${mb.toFixed(1)} MB .xls (BIFF8); same options as the import; median of ${RUNS}, peak RSS of all`),
    row('shopfloor import --commit (CLI)', imported.wallMs, peak(runs.import), `profiles upserted with pre-images; median of ${RUNS}, peak RSS of all`),
  ];
}
