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
// PC must keep working. A small disk (an SD card, a size-limited volume) keeps a twentieth of its size.
export const DISK_RESERVE_BYTES = 256 * 1024 * 1024;

function reserveOnDisk(dir: string): number {
  const stats = fs.statfsSync(dir);
  return Math.min(DISK_RESERVE_BYTES, Math.floor((stats.blocks * stats.bsize) / 20));
}

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
  private readonly reserve: number;

  constructor(db: Db, private readonly file: string, private readonly free: FreeSpace = freeSpaceOnDisk) {
    // An in-memory store has no disk to fill.
    this.dir = db.memory ? undefined : path.dirname(path.resolve(db.name));
    this.reserve = this.dir === undefined ? 0 : reserveOnDisk(this.dir);
  }

  /** `expected`: what the import is likely to add to the store (a multiple of the file's size). */
  before(expected: number): void {
    this.check(this.reserve + expected, (free) =>
      `the disk holding the store has ${megabytes(free)} free; this file needs about ${megabytes(expected)} and ${megabytes(this.reserve)} must stay free: free some space and import it again`);
  }

  during(): void {
    this.check(this.reserve, (free) =>
      `the disk holding the store is down to ${megabytes(free)} free (${megabytes(this.reserve)} must stay free): the import stopped and nothing was saved; free some space and import it again`);
  }

  private check(needed: number, message: (free: number) => string): void {
    if (this.dir === undefined) return;
    const free = this.free(this.dir);
    if (free < needed) throw new ShopfloorError('disk_full', message(free), { file: this.file });
  }
}
