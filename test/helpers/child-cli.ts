import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { binPath, repoRoot } from './run-cli.ts';

/** The installed command line (the `shopfloor` bin, which runs the bundle in dist/cli) in a child process the test can kill. */
export function startCli(args: readonly string[], options: { measureRss?: boolean; nodeFlags?: readonly string[] } = {}): { child: ChildProcess; done: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }> } {
  const child = spawn(process.execPath, [
    ...(options.nodeFlags ?? []),
    ...(options.measureRss ? ['--import', path.join(repoRoot, 'test/helpers/report-rss.mjs')] : []),
    binPath, ...args,
  ], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => { stdout += chunk.toString(); });
  child.stderr!.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  return { child, done };
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
