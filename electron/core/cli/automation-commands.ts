import path from 'node:path';
import { Option, type Command } from 'commander';
import { parseDuration } from '../../../shared/journey/duration.ts';
import { scanWatchFolder, type ScanOutcome } from '../automation/scan-watch-folder.ts';
import { saveWatchFolder } from '../automation/watch-folders.ts';
import { ShopfloorError } from '../errors.ts';
import { sendSettings } from '../settings/engine-settings.ts';
import type { CliContext, Common } from './cli-context.ts';
import { oneLine } from './terminal-text.ts';

function rate(text: string): number {
  const value = text.endsWith('%') ? Number(text.slice(0, -1)) / 100 : Number(text);
  if (!Number.isFinite(value) || value < 0 || value > 1) throw new ShopfloorError('bad_option', `--max-rejected needs a share such as 2% or 0.02 (got "${text}")`);
  return value;
}

function describe(outcome: ScanOutcome): string {
  const batch = outcome.batch_id === undefined ? '' : ` (batch ${outcome.batch_id})`;
  return `${outcome.file}: ${outcome.outcome}${batch}${outcome.detail ? ` — ${outcome.detail}` : ''}`;
}

/** `watch`: the daily import, headless. */
export function registerAutomationCommands(program: Command, context: CliContext): void {
  const { clock, print, withStore, common, io } = context;
  common(program.command('watch').description('import every new file a register drops in a folder; commit it when its rejected rows are within the limit'))
    .requiredOption('--folder <dir>', 'the folder the register writes to')
    .addOption(new Option('--kind <kind>', 'what the files hold').choices(['pos', 'members', 'online']).makeOptionMandatory())
    .option('--tz <zone>', "the store's time zone")
    .option('--pattern <glob>', 'file names to take, e.g. "pos_*.csv"', '*')
    .option('--max-rejected <share>', 'commit automatically up to this share of rejected rows', '2%')
    .option('--settle <duration>', 'a file is read once unchanged for this long', 'PT10S')
    .option('--daily <HH:MM>', 'run once a day at this time (store zone) instead of on arrival')
    .option('--once', 'one pass, then exit (for a scheduled job)')
    .option('--interval <duration>', 'between passes when not --once', 'PT30S')
    .action(async (options: Common & { folder: string; kind: 'pos' | 'members' | 'online'; tz?: string; pattern: string; maxRejected: string; settle: string; daily?: string; once?: boolean; interval: string }) => {
      const settle = parseDuration(options.settle);
      const interval = parseDuration(options.interval);
      if (settle === null || interval === null) throw new ShopfloorError('bad_option', '--settle and --interval need ISO 8601 durations such as PT10S');
      await withStore(options, async (db) => {
        const folder = saveWatchFolder(db, clock, {
          // An absolute path is passed as typed, so a network (//server/share) path is seen and refused, not normalised away.
          folder: path.isAbsolute(options.folder) ? options.folder : path.resolve(options.folder), kind: options.kind, pattern: options.pattern, tz: options.tz ?? null, settle_ms: settle,
          max_rejected_rate: rate(options.maxRejected), mode: options.daily ? 'daily' : 'arrival', daily_at: options.daily ?? null,
        }, { confirmed: true });
        const pass = () => scanWatchFolder(db, clock, folder, { zone: sendSettings(db).zone });
        if (options.once) {
          const results = await pass();
          print(options, { folder: folder.folder, results }, () => results.length === 0 ? `Nothing new in ${folder.folder}.\n` : `${results.map(describe).join('\n')}\n`);
          return;
        }
        io.stderr(`Watching ${folder.folder} (${folder.kind}, ${folder.pattern}); Ctrl+C to stop.\n`);
        let stopped = false;
        process.once('SIGINT', () => { stopped = true; });
        while (!stopped) {
          for (const result of await pass()) if (result.outcome !== 'waiting') io.stdout(`${new Date(clock.now()).toISOString()}  ${oneLine(describe(result))}\n`);
          await new Promise((resolve) => setTimeout(resolve, interval));
        }
      });
    });
}
