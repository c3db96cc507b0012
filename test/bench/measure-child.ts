import { spawn } from 'node:child_process';
import path from 'node:path';

export interface ChildMeasurement {
  wallMs: number;
  maxRssMb: number | null;
  /** User + system CPU time of the child, when it reports it (report-rss.mjs). */
  cpuMs: number | null;
  stdout: string;
  stderr: string;
  code: number | null;
}

const repoRoot = path.resolve(import.meta.dirname, '../..');
export const reportRss = path.join(repoRoot, 'test/helpers/report-rss.mjs');

/** Runs a TypeScript entry in a fresh Node process; wall time from spawn to exit, peak RSS reported by the child. */
export function measureNode(script: string, args: readonly string[]): Promise<ChildMeasurement> {
  return measureCommand(process.execPath, ['--import', 'tsx', '--import', reportRss, path.join(repoRoot, script), ...args]);
}

/** Runs the installed command line (the `shopfloor` bin: the bundle in dist/cli) in a fresh Node process, as a user does. */
export function measureCli(args: readonly string[]): Promise<ChildMeasurement> {
  return measureCommand(process.execPath, ['--import', reportRss, path.join(repoRoot, 'bin/shopfloor.js'), ...args]);
}

export function measureCommand(command: string, args: readonly string[], input?: string): Promise<ChildMeasurement> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, args, { cwd: repoRoot, stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (chunk: Buffer) => { stdout += chunk.toString(); });
    child.stderr!.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
    if (input !== undefined) child.stdin!.end(input);
    child.on('error', reject);
    child.on('close', (code) => {
      const rss = /max_rss_kb=(\d+)/.exec(stderr);
      const cpu = /cpu_ms=([\d.]+)/.exec(stderr);
      resolve({ wallMs: performance.now() - started, maxRssMb: rss ? Number(rss[1]) / 1024 : null, cpuMs: cpu ? Number(cpu[1]) : null, stdout, stderr, code });
    });
  });
}
