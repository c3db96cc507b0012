import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { repoRoot } from './run-cli.ts';

/** The command line as `npm run cli` starts it, in a child process the test can kill. */
export function startCli(args: readonly string[], options: { measureRss?: boolean; nodeFlags?: readonly string[] } = {}): { child: ChildProcess; done: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }> } {
  const child = spawn(process.execPath, [
    ...(options.nodeFlags ?? []),
    '--import', 'tsx',
    ...(options.measureRss ? ['--import', path.join(repoRoot, 'test/helpers/report-rss.ts')] : []),
    path.join(repoRoot, 'electron/core/cli.ts'), ...args,
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
