import path from 'node:path';
import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { createProgram } from '../../electron/core/cli/program.ts';
import { createCliContext } from '../../electron/core/cli/cli-context.ts';
import { systemClock } from '../../electron/core/clock.ts';
import { cli } from '../helpers/run-cli.ts';
import { useTempDir } from '../helpers/temp-dir.ts';

const tempDir = useTempDir();

function leaves(command: Command, names: string[] = []): Array<{ path: string[]; command: Command }> {
  return command.commands.flatMap((sub) => sub.commands.length > 0 ? leaves(sub, [...names, sub.name()]) : [{ path: [...names, sub.name()], command: sub }]);
}

describe('options every command takes', () => {
  it('journey template accepts --db (a scheduled job passes it to every command) and prints the same template', async () => {
    const plain = await cli(['journey', 'template', 'encourage-offline-purchases']);
    const withDb = await cli(['journey', 'template', 'encourage-offline-purchases', '--db', path.join(tempDir(), 'store.db')]);
    expect(withDb.stderr).toBe('');
    expect(withDb.code).toBe(0);
    expect(withDb.stdout).toBe(plain.stdout);
  });

  it('every command lists --db in its help', async () => {
    const program = await createProgram([], createCliContext({ stdout: () => undefined, stderr: () => undefined, interactive: false, env: {} }, systemClock));
    const commands = leaves(program);
    expect(commands.length).toBeGreaterThan(30);
    for (const { path: names } of commands) {
      const help = await cli([...names, '--help']);
      expect(help.stdout, names.join(' ')).toMatch(/--db <path>/);
    }
  });
});
