import { Command, CommanderError } from 'commander';
import { systemClock, type Clock } from '../clock.ts';
import { isShopfloorError } from '../errors.ts';
import type { CliIo } from './cli-io.ts';
import { createCliContext, type CliContext } from './cli-context.ts';

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
];

/** The command line with the commands `argv` may run (all of them when it names none). */
export async function createProgram(argv: readonly string[], io: CliIo, clock: Clock = systemClock): Promise<Command> {
  const program = new Command('shopfloor')
    .description('Import store data, review it, commit it to the event store, look up customers, run journeys.')
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .showHelpAfterError(false);
  const context = createCliContext(io, clock);
  const first = argv.find((arg) => !arg.startsWith('-'));
  const wanted = commandGroups.filter((group) => first !== undefined && group.commands.includes(first));
  for (const group of wanted.length > 0 ? wanted : commandGroups) (await group.register())(program, context);
  acceptDbEverywhere(program);
  return program;
}

/** Runs the `shopfloor` command line. Returns the exit status; never calls process.exit. */
export async function runCli(argv: readonly string[], io: CliIo, clock: Clock = systemClock): Promise<number> {
  try {
    const program = await createProgram(argv, io, clock);
    await program.parseAsync([...argv], { from: 'user' });
    return 0;
  } catch (error) {
    return reportError(error, io, argv.includes('--json'));
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
    return error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.exitCode === 0 ? 0 : 2;
  }
  if (isShopfloorError(error)) {
    if (json) io.stdout(`${JSON.stringify({ error: { code: error.code, message: error.message, ...error.location } })}\n`);
    io.stderr(`shopfloor: ${error.describe()}\n`);
    return 1;
  }
  const message = error instanceof Error ? error.message : String(error);
  io.stderr(`shopfloor: unexpected error: ${message}\n`);
  if (io.env.SHOPFLOOR_DEBUG && error instanceof Error && error.stack) io.stderr(`${error.stack}\n`);
  return 2;
}
