import { Command, CommanderError } from 'commander';
import { systemClock, type Clock } from '../clock.ts';
import { isShopfloorError } from '../errors.ts';
import type { CliIo } from './cli-io.ts';
import { createCliContext, parseInstant } from './cli-context.ts';
import { registerDataCommands } from './data-commands.ts';
import { registerAutomationCommands } from './automation-commands.ts';
import { registerChannelCommands } from './channel-commands.ts';
import { registerJourneyCommands } from './journey-commands.ts';
import { registerSyncCommands } from './sync-commands.ts';
import { oneLine } from './terminal-text.ts';

/** Exit statuses (README): 1 a problem with the input or the store, 2 a bad command line, 3 the engine is busy. */
const EXIT_INPUT = 1;
const EXIT_USAGE = 2;
const EXIT_BUSY = 3;

/**
 * `--now ISO`, honoured by every command wherever it stands: run as if it were this instant. Taken out
 * before the commands are parsed, so each command reads it through its clock like any other time.
 */
function takeNow(argv: readonly string[]): { args: string[]; now: string | undefined } {
  const args: string[] = [];
  let now: string | undefined;
  for (let index = 0; index < argv.length; index++) {
    const arg = argv[index]!;
    if (arg === '--now') now = argv[++index] ?? '';
    else if (arg.startsWith('--now=')) now = arg.slice('--now='.length);
    else args.push(arg);
  }
  return { args, now };
}

/** Runs the `shopfloor` command line. Returns the exit status; never calls process.exit. */
export async function runCli(argv: readonly string[], io: CliIo, clock: Clock = systemClock): Promise<number> {
  const wantsJson = argv.includes('--json');
  const { args, now } = takeNow(argv);
  const program = new Command('shopfloor')
    .description('Import store data, review it, commit it to the event store, look up customers, run journeys.')
    .option('--now <iso>', 'run as if it were this instant (ISO 8601 with an offset; not before the store\'s last commit)')
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .showHelpAfterError(false);
  let fixedNow: number | undefined;
  try {
    fixedNow = now === undefined ? undefined : parseInstant(now, '--now');
  } catch (error) {
    return reportError(error, io, wantsJson);
  }
  const context = createCliContext(io, fixedNow === undefined ? clock : { now: () => fixedNow }, fixedNow !== undefined);
  registerDataCommands(program, context);
  const outbox = registerJourneyCommands(program, context);
  registerChannelCommands(program, outbox, context);
  registerAutomationCommands(program, context);
  registerSyncCommands(program, context);
  try {
    await program.parseAsync(args, { from: 'user' });
    return 0;
  } catch (error) {
    return reportError(error, io, wantsJson);
  }
}

function reportError(error: unknown, io: CliIo, json: boolean): number {
  if (error instanceof CommanderError) {
    // Commander already printed its message (or the help / version text).
    return error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.exitCode === 0 ? 0 : EXIT_USAGE;
  }
  if (isShopfloorError(error)) {
    if (json) io.stdout(`${JSON.stringify({ error: { code: error.code, message: error.message, ...error.location } })}\n`);
    io.stderr(`shopfloor: ${oneLine(error.describe())}\n`);
    return error.code === 'bad_option' ? EXIT_USAGE : error.code === 'engine_busy' ? EXIT_BUSY : EXIT_INPUT;
  }
  const message = error instanceof Error ? error.message : String(error);
  io.stderr(`shopfloor: unexpected error: ${oneLine(message)}\n`);
  if (io.env.SHOPFLOOR_DEBUG && error instanceof Error && error.stack) io.stderr(`${error.stack}\n`);
  return EXIT_USAGE;
}
