import fs from 'node:fs';
import path from 'node:path';
import { ShopfloorError } from '../errors.ts';
import type { Db } from '../store/open-store.ts';

/** Bytes free for this process on the disk holding `dir`. */
export type FreeSpace = (dir: string) => number;

export const freeSpaceOnDisk: FreeSpace = (dir) => {
  const stats = fs.statfsSync(dir);
  return stats.bavail * stats.bsize;
};

// Left free whatever an import needs: the store must still commit, roll back and run journeys, and the
// PC must keep working.
export const DISK_RESERVE_BYTES = 256 * 1024 * 1024;

const MiB = 1024 * 1024;

function megabytes(bytes: number): string {
  return `${Math.max(0, Math.floor(bytes / MiB)).toLocaleString('en-US')} MB`;
}

/**
 * Watches the free space of the disk holding the store during one import: before it starts, room for
 * what the file is likely to become; while it runs, the reserve. Running short is an error naming the
 * file, raised before SQLite meets a full disk, and the import is then removed whole.
 */
export class DiskGuard {
  private readonly dir: string | undefined;

  constructor(db: Db, private readonly file: string, private readonly free: FreeSpace = freeSpaceOnDisk) {
    // An in-memory store has no disk to fill.
    this.dir = db.memory ? undefined : path.dirname(path.resolve(db.name));
  }

  /** `expected`: what the import is likely to add to the store (a multiple of the file's size). */
  before(expected: number): void {
    this.check(DISK_RESERVE_BYTES + expected, (free) =>
      `the disk holding the store has ${megabytes(free)} free; this file needs about ${megabytes(expected)} and ${megabytes(DISK_RESERVE_BYTES)} must stay free: free some space and import it again`);
  }

  during(): void {
    this.check(DISK_RESERVE_BYTES, (free) =>
      `the disk holding the store is down to ${megabytes(free)} free (${megabytes(DISK_RESERVE_BYTES)} must stay free): the import stopped and nothing was saved; free some space and import it again`);
  }

  private check(needed: number, message: (free: number) => string): void {
    if (this.dir === undefined) return;
    const free = this.free(this.dir);
    if (free < needed) throw new ShopfloorError('disk_full', message(free), { file: this.file });
  }
}
