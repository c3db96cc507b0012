import { spawn } from 'node:child_process';
import path from 'node:path';
import { runCli } from '../../electron/core/cli/program.ts';
import type { Clock } from '../../electron/core/clock.ts';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export const repoRoot = path.resolve(import.meta.dirname, '../..');
/** The installed `shopfloor` command: it runs the bundle in dist/cli, which test/global-setup.ts rebuilds when stale. */
export const binPath = path.join(repoRoot, 'bin/shopfloor.js');

/** The command line in this process: the same entry the `shopfloor` bin calls, output captured. */
export async function cli(args: readonly string[], clock?: Clock): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, {
    stdout: (text) => { stdout += text; },
    stderr: (text) => { stderr += text; },
    interactive: false,
    env: { ...process.env, SHOPFLOOR_DB: undefined },
  }, clock);
  return { code, stdout, stderr };
}

/** Runs the command line and parses its --json output; fails loudly with stderr when it exits non-zero. */
export async function cliJson<T = Record<string, unknown>>(args: readonly string[], clock?: Clock): Promise<T> {
  const run = await cli([...args, '--json'], clock);
  if (run.code !== 0) throw new Error(`shopfloor ${args.join(' ')} exited ${run.code}: ${run.stderr}`);
  return JSON.parse(run.stdout) as T;
}

/**
 * The installed bin in a child process (real process, real exit status). `killAfterMs` bounds a run that
 * could hang (it then ends with signal SIGKILL and code -1), so such a test fails instead of stalling the suite.
 */
export function spawnBin(args: readonly string[], options: { env?: NodeJS.ProcessEnv; killAfterMs?: number } = {}): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [binPath, ...args], {
      cwd: repoRoot, env: { ...process.env, ...options.env }, stdio: ['ignore', 'pipe', 'pipe'],
      ...(options.killAfterMs ? { timeout: options.killAfterMs, killSignal: 'SIGKILL' as const } : {}),
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => { stdout += chunk.toString(); });
    child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}
