import fs from 'node:fs';
import path from 'node:path';
import { Option, type Command } from 'commander';
import { journeyReport, type CohortSize, type Comparison, type JourneyReport } from '../results/journey-report.ts';
import { journeyRuns } from '../results/journey-runs.ts';
import { reportCsv } from '../results/report-csv.ts';
import type { Lift } from '../results/lift.ts';
import { parseId, type CliContext, type Common } from './cli-context.ts';
import { formatCount, formatPercent, textTable } from './text-table.ts';

const money = (value: number | null) => (value === null ? '-' : value.toLocaleString('en-US', { maximumFractionDigits: 2 }));
const rate = (value: number | null) => (value === null ? '-' : formatPercent(value));
const points = (value: number) => `${value >= 0 ? '+' : ''}${(value * 100).toFixed(1)} pts`;

function liftText(lift: Lift | undefined): string {
  if (!lift) return 'lift: -';
  const [low, high] = lift.rate_ci95;
  const numbers = `${points(lift.rate)} (95% CI ${points(low)} to ${points(high)}, Newcombe)${lift.rate_relative === null ? '' : `, relative ${points(lift.rate_relative).replace(' pts', '%')}`}${
    lift.revenue_per_entrant === null ? '' : `, revenue per entrant ${lift.revenue_per_entrant >= 0 ? '+' : ''}${money(lift.revenue_per_entrant)}`}`;
  return `lift: ${lift.enough_data ? numbers : `not enough data (${numbers})`}`;
}

function comparisonRows(comparison: Comparison, label = ''): string[][] {
  return (['target', 'control'] as const).flatMap((group) => {
    const result = comparison[group];
    return result ? [[...(label ? [label] : []), group, formatCount(result.entered), formatCount(result.converted), rate(result.rate), money(result.revenue), money(result.revenue_per_entrant)]] : [];
  });
}

function reportText(report: JourneyReport): string {
  const columns = ['group', 'entered', 'converted', 'rate', 'revenue', 'per entrant'];
  const lines = [
    `Journey ${report.journey_id} "${report.name}" as of ${report.as_of}${report.store === null ? '' : `, store ${report.store}`}; results last changed ${report.last_changed_at ?? '-'}`,
    report.goal ? `  goal ${report.goal.event} within ${report.goal.window}${report.goal.value ? `, revenue = sum of ${report.goal.value}` : ''}; control share ${formatPercent(report.control_share)}` : '  this journey has no goal',
    textTable(columns, comparisonRows(report), [1, 2, 3, 4, 5]).replace(/^/gm, '  '),
  ];
  if (report.control) lines.push(`  ${liftText(report.lift)}`);
  lines.push(`  Entries after ${report.complete_before} are provisional: goal window + upload lag ${report.upload_lag.duration} have not passed.`);
  const stores = Object.entries(report.by_store);
  if (stores.length > 1) lines.push(textTable(['store', ...columns], stores.flatMap(([store, comparison]) => comparisonRows(comparison, store)), [2, 3, 4, 5, 6]).replace(/^/gm, '  '));
  const messages = Object.entries(report.by_message);
  if (messages.length > 0) {
    lines.push(textTable(['message', 'sent', 'converted after', 'revenue after'], messages.map(([node, result]) => [node, formatCount(result.sent), formatCount(result.converted_after), money(result.revenue_after)]), [1, 2, 3]).replace(/^/gm, '  '));
  }
  return `${lines.join('\n')}\n`;
}

/** journey report, journey runs: the results of a journey (PRODUCT.md §8). */
export function registerResultCommands(journey: Command, context: CliContext): void {
  const { print, withStore, common, clock } = context;
  common(journey.command('report <id>').description('conversions, revenue and lift over the control group, by store, entry cohort and message; as of now, or --now'))
    .addOption(new Option('--by <size>', 'entry cohorts by day or week').choices(['day', 'week']).default('day'))
    .option('--store <store>', 'only customers of this store')
    .option('--csv <file>', 'write one row per cohort × group × store as CSV')
    .action(async (id: string, options: Common & { by: CohortSize; store?: string; csv?: string }) => {
      await withStore(options, (db) => {
        const report = journeyReport(db, clock, parseId(id, 'journey'), { by: options.by, ...(options.store !== undefined ? { store: options.store } : {}) });
        if (options.csv !== undefined) {
          fs.writeFileSync(options.csv, reportCsv(report), { mode: 0o600 });
          print(options, { journey_id: report.journey_id, file: options.csv, rows: report.cohorts.length }, () => `Wrote ${formatCount(report.cohorts.length)} rows to ${path.basename(options.csv!)}\n`);
          return;
        }
        print(options, report, () => reportText(report));
      });
    });

  common(journey.command('runs <id>').description("each run with its group, store, conversion, revenue and last touch (what the report adds up)"))
    .addOption(new Option('--group <group>', 'only this group').choices(['target', 'control']))
    .option('--user <user_id>', 'only this customer')
    .action(async (id: string, options: Common & { group?: 'target' | 'control'; user?: string }) => {
      await withStore(options, (db) => {
        const result = journeyRuns(db, parseId(id, 'journey'), { ...(options.group ? { group: options.group } : {}), ...(options.user !== undefined ? { userId: options.user.trim() } : {}) });
        print(options, result, () => result.runs.length === 0 ? 'No runs.\n' : `${textTable(['user', 'seq', 'group', 'store', 'entered', 'status', 'goal at', 'value', 'last touch'],
          result.runs.map((run) => [run.user_id, String(run.seq), run.group, run.store, run.entered_at, run.status, run.goal_at ?? '-', money(run.goal_value), run.last_message_node ?? '-']), [1, 7])}\n`);
      });
    });
}
