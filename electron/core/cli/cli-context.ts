import path from 'node:path';
import type { Command } from 'commander';
import { defaultSecretBox, type SecretBox } from '../channels/secret-box.ts';
import { recoverInterruptedImports } from '../batches/recover-imports.ts';
import type { Clock } from '../clock.ts';
import { ShopfloorError } from '../errors.ts';
import { isDiskFull } from '../store/disk-full.ts';
import { defaultDatabasePath } from '../paths.ts';
import { openStore, type Db } from '../store/open-store.ts';
import type { CliIo } from './cli-io.ts';
import { escapeControls } from './terminal-text.ts';

export interface Common {
  db?: string;
  json?: boolean;
}

/** What every command needs: output, the clock, and the store for one command's run. */
export interface CliContext {
  io: CliIo;
  clock: Clock;
  print(options: Common, value: unknown, text: () => string): void;
  withStore<T>(options: Common, work: (db: Db) => Promise<T> | T): Promise<T>;
  /** Adds --db and --json to a command. */
  common(command: Command): Command;
  /** A command that printed its result but did not succeed (a backup that failed verification). */
  setExitCode(code: number): void;
  readonly exitCode: number;
}

/** `--now` may not go back before the store's last commit: upload times (ingested_at) only move forward. */
function checkNotBeforeLastCommit(db: Db, now: number): void {
  const last = db.prepare('SELECT max(committed_at) FROM batches').pluck().get() as number | null;
  if (last !== null && now < last) {
    throw new ShopfloorError('bad_option', `--now ${new Date(now).toISOString()} is before the store's last commit (${new Date(last).toISOString()}): give a later time`);
  }
}

/** `nowGiven`: the clock is a `--now` the user chose, checked against the store before any command runs. */
export function createCliContext(io: CliIo, clock: Clock, nowGiven = false): CliContext {
  let exitCode = 0;
  return {
    io,
    clock,
    setExitCode: (code) => {
      exitCode = code;
    },
    get exitCode() {
      return exitCode;
    },
    print: (options, value, text) => {
      // Human text carries headers, ids and cells from files: escaped, so none of them drives the terminal.
      io.stdout(options.json ? `${JSON.stringify(value, null, 2)}\n` : escapeControls(text()));
    },
    withStore: async (options, work) => {
      const db = openStore(options.db || io.env.SHOPFLOOR_DB || defaultDatabasePath(io.env), { clock, check: true });
      try {
        if (nowGiven) checkNotBeforeLastCommit(db, clock.now());
        try {
          recoverInterruptedImports(db, clock);
        } catch (error) {
          // On a full disk the clean-up waits for the next time; reading must keep working.
          if (!isDiskFull(error)) throw error;
        }
        return await work(db);
      } finally {
        db.close();
      }
    },
    common: (command) => command
      .option('--db <path>', "the database file (default: shopfloor.db in the app's data folder)")
      .option('--json', 'machine-readable output'),
  };
}

export function databasePath(context: CliContext, options: Common): string {
  return options.db || context.io.env.SHOPFLOOR_DB || defaultDatabasePath(context.io.env);
}

/** Where upstream upload files are written before they are sent: beside the database. */
export function spoolDirFor(context: CliContext, options: Common): string {
  return path.join(path.dirname(path.resolve(databasePath(context, options))), 'upstream-spool');
}

/** Channel credentials on the command line: SHOPFLOOR_SECRET_KEY, SHOPFLOOR_KEY_FILE, or secret.key next to the database (0600). */
export function secretBoxFor(context: CliContext, options: Common): SecretBox {
  return defaultSecretBox(context.io.env, path.dirname(path.resolve(databasePath(context, options))));
}

export function collectPair(value: string, previous: Array<[string, string]>): Array<[string, string]> {
  const at = value.indexOf('=');
  if (at <= 0) throw new ShopfloorError('bad_option', `expected key=value, got "${value}"`);
  return [...previous, [value.slice(0, at).trim(), value.slice(at + 1)]];
}

export function parseId(text: string, what = 'batch'): number {
  if (!/^\d+$/.test(text)) throw new ShopfloorError('bad_option', `"${text}" is not a ${what} id (a number, see \`shopfloor ${what === 'batch' ? 'batches' : `${what} list`}\`)`);
  return Number(text);
}

/** An instant given on the command line: ISO 8601 with an offset or Z. */
export function parseInstant(text: string, option: string): number {
  const ms = /[zZ]|[+-]\d{2}:?\d{2}$/.test(text) ? Date.parse(text) : Number.NaN;
  if (Number.isNaN(ms)) throw new ShopfloorError('bad_option', `${option} needs an ISO 8601 time with an offset, e.g. 2026-11-28T09:00:00+09:00 (got "${text}")`);
  return ms;
}
