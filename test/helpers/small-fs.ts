import { execFileSync } from 'node:child_process';
import fs from 'node:fs';

/**
 * A real size-limited filesystem (tmpfs) mounted at `dir`, for disk-full tests; null where this machine
 * does not allow mounting (not root, no CAP_SYS_ADMIN), and the caller falls back to SQLite's own limit.
 */
export function mountSmallFs(dir: string, kilobytes: number): { unmount(): void } | null {
  if (process.platform !== 'linux') return null;
  fs.mkdirSync(dir, { recursive: true });
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${kilobytes}k,mode=0700`, 'tmpfs', dir], { stdio: 'ignore' });
  } catch {
    return null;
  }
  return { unmount: () => execFileSync('umount', ['-l', dir], { stdio: 'ignore' }) };
}

/** Fills a filesystem until writing fails, leaving `leaveBytes` free at most. */
export function fillDisk(dir: string, leaveBytes = 0): void {
  const free = fs.statfsSync(dir).bavail * fs.statfsSync(dir).bsize;
  const target = Math.max(0, free - leaveBytes);
  const fd = fs.openSync(`${dir}/filler`, 'w');
  try {
    const block = Buffer.alloc(64 * 1024);
    for (let written = 0; written < target;) {
      try {
        written += fs.writeSync(fd, block, 0, Math.min(block.length, target - written));
      } catch {
        break;
      }
    }
  } finally {
    fs.closeSync(fd);
  }
}
