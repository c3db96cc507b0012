import { Command, CommanderError } from 'commander';
import { systemClock, type Clock } from '../clock.ts';
import { isShopfloorError } from '../errors.ts';
import { diskFullError, isDiskFull } from '../store/disk-full.ts';
import type { CliIo } from './cli-io.ts';
import { createCliContext } from './cli-context.ts';
import { registerBackupCommands } from './backup-commands.ts';
import { registerDataCommands } from './data-commands.ts';
import { registerAutomationCommands } from './automation-commands.ts';
import { registerChannelCommands } from './channel-commands.ts';
import { registerJourneyCommands } from './journey-commands.ts';
import { registerPrivacyCommands } from './privacy-commands.ts';
import { registerSyncCommands } from './sync-commands.ts';

/** Runs the `shopfloor` command line. Returns the exit status; never calls process.exit. */
export async function runCli(argv: readonly string[], io: CliIo, clock: Clock = systemClock): Promise<number> {
  const wantsJson = argv.includes('--json');
  const program = new Command('shopfloor')
    .description('Import store data, review it, commit it to the event store, look up customers, run journeys.')
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .showHelpAfterError(false);
  const context = createCliContext(io, clock);
  registerDataCommands(program, context);
  const outbox = registerJourneyCommands(program, context);
  registerChannelCommands(program, outbox, context);
  registerAutomationCommands(program, context);
  registerSyncCommands(program, context);
  registerBackupCommands(program, context);
  registerPrivacyCommands(program, context);
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return context.exitCode;
  } catch (error) {
    return reportError(error, io, wantsJson);
  }
}

function reportError(error: unknown, io: CliIo, json: boolean): number {
  if (error instanceof CommanderError) {
    // Commander already printed its message (or the help / version text).
    return error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.exitCode === 0 ? 0 : 2;
  }
  if (isDiskFull(error)) error = diskFullError('nothing was saved by this command');
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
