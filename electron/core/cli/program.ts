import { Command, CommanderError } from 'commander';
import { systemClock, type Clock } from '../clock.ts';
import { isShopfloorError } from '../errors.ts';
import { diskFullError, isDiskFull } from '../store/disk-full.ts';
import type { CliIo } from './cli-io.ts';
import { createCliContext, parseInstant, type CliContext } from './cli-context.ts';
import { oneLine } from './terminal-text.ts';

/** Exit statuses (README): 1 a problem with the input or the store, 2 a bad command line, 3 the engine is busy. */
const EXIT_INPUT = 1;
const EXIT_USAGE = 2;
const EXIT_BUSY = 3;

/**
 * The commands in groups, each loaded only when one of its commands runs (all of them for help or an
 * unknown command): a store's scheduled job runs several commands a day, and start-up is most of a small one.
 */
const commandGroups: Array<{ commands: readonly string[]; register: () => Promise<(program: Command, context: CliContext) => void> }> = [
  { commands: ['import', 'batches', 'commit', 'rollback', 'rejected', 'timeline', 'users'], register: async () => (await import('./data-commands.ts')).registerDataCommands },
  {
    commands: ['journey', 'engine', 'outbox', 'settings', 'channels'],
    register: async () => {
      const [{ registerJourneyCommands }, { registerChannelCommands }] = await Promise.all([import('./journey-commands.ts'), import('./channel-commands.ts')]);
      return (program, context) => registerChannelCommands(program, registerJourneyCommands(program, context), context);
    },
  },
  { commands: ['watch'], register: async () => (await import('./automation-commands.ts')).registerAutomationCommands },
  { commands: ['sync'], register: async () => (await import('./sync-commands.ts')).registerSyncCommands },
  { commands: ['backup', 'backups', 'restore', 'check'], register: async () => (await import('./backup-commands.ts')).registerBackupCommands },
  { commands: ['erase', 'erasures', 'purge'], register: async () => (await import('./privacy-commands.ts')).registerPrivacyCommands },
];

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

/** The command line with the commands `args` may run (all of them when it names none); `args` without `--now`. */
export async function createProgram(args: readonly string[], context: CliContext): Promise<Command> {
  const { io } = context;
  const program = new Command('shopfloor')
    .description('Import store data, review it, commit it to the event store, look up customers, run journeys.')
    .option('--now <iso>', 'run as if it were this instant (ISO 8601 with an offset; not before the store\'s last commit)')
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .showHelpAfterError(false);
  const first = args.find((arg) => !arg.startsWith('-'));
  const wanted = commandGroups.filter((group) => first !== undefined && group.commands.includes(first));
  for (const group of wanted.length > 0 ? wanted : commandGroups) (await group.register())(program, context);
  acceptDbEverywhere(program);
  return program;
}

/** Runs the `shopfloor` command line. Returns the exit status; never calls process.exit. */
export async function runCli(argv: readonly string[], io: CliIo, clock: Clock = systemClock): Promise<number> {
  const wantsJson = argv.includes('--json');
  const { args, now } = takeNow(argv);
  try {
    const fixedNow = now === undefined ? undefined : parseInstant(now, '--now');
    const context = createCliContext(io, fixedNow === undefined ? clock : { now: () => fixedNow }, fixedNow !== undefined);
    const program = await createProgram(args, context);
    await program.parseAsync(args, { from: 'user' });
    return context.exitCode;
  } catch (error) {
    return reportError(error, io, wantsJson);
  }
}

/** Every command takes --db, so a scheduled job can pass it to all of them; ignored by those that use no store. */
function acceptDbEverywhere(command: Command): void {
  for (const sub of command.commands) {
    if (sub.commands.length > 0) acceptDbEverywhere(sub);
    else if (!sub.options.some((option) => option.long === '--db')) sub.option('--db <path>', 'the database file (not used by this command)');
  }
}

function reportError(error: unknown, io: CliIo, json: boolean): number {
  if (error instanceof CommanderError) {
    // Commander already printed its message (or the help / version text).
    return error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.exitCode === 0 ? 0 : EXIT_USAGE;
  }
  if (isDiskFull(error)) error = diskFullError('nothing was saved by this command');
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
