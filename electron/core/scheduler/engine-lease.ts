import crypto from 'node:crypto';
import os from 'node:os';
import { isProcessAlive } from '../batches/recover-imports.ts';
import { systemClock, type Clock } from '../clock.ts';
import { ShopfloorError } from '../errors.ts';
import type { Db } from '../store/open-store.ts';

/** A holder that stopped renewing (hung, or on another machine sharing the file) keeps the lease this long. */
const TTL_MS = 60_000;
const POLL_MS = 200;

interface LeaseRow {
  holder: string;
  host: string;
  pid: number;
  expires_at: number;
}

/**
 * Only one process advances journeys and sends at a time (the app's loop, a command-line tick, a second
 * app window on the same store). The lease lives in the store: a holder that died on this machine loses it
 * at once, any other holder when it stops renewing. Its times are wall-clock times, not processing time:
 * `engine tick --now` may simulate any instant, but leases measure real seconds between processes.
 */
export class EngineLease {
  private readonly holder = `${process.pid}:${crypto.randomUUID()}`;
  private renewedAt = -Infinity;

  constructor(
    private readonly db: Db,
    private readonly wall: Clock = systemClock,
    private readonly isAlive: (pid: number) => boolean = isProcessAlive,
  ) {}

  /** Takes the lease when it is free, expired, or held by a dead process on this machine; else describes the holder. */
  private tryAcquire(): string | null {
    return this.db.transaction((): string | null => {
      const now = this.wall.now();
      const row = this.db.prepare("SELECT holder, host, pid, expires_at FROM engine_lease WHERE name = 'engine'").get() as LeaseRow | undefined;
      if (row && row.holder !== this.holder && row.expires_at > now && !(row.host === os.hostname() && !this.isAlive(row.pid))) {
        return `process ${row.pid}${row.host === os.hostname() ? '' : ` on ${row.host}`}`;
      }
      this.db.prepare(`INSERT INTO engine_lease (name, holder, host, pid, expires_at) VALUES ('engine', ?, ?, ?, ?)
          ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, host = excluded.host, pid = excluded.pid, expires_at = excluded.expires_at`)
        .run(this.holder, os.hostname(), process.pid, now + TTL_MS);
      this.renewedAt = now;
      return null;
    }).immediate();
  }

  /** Waits up to `waitMs` for the lease; then fails with `engine_busy` (the command line exits 3). */
  async acquire(waitMs: number): Promise<void> {
    const deadline = this.wall.now() + waitMs;
    for (;;) {
      const busy = this.tryAcquire();
      if (busy === null) return;
      if (this.wall.now() >= deadline) {
        throw new ShopfloorError('engine_busy', `the engine is busy: ${busy} is running journeys on this store; nothing was done, try again in a moment`);
      }
      await new Promise((resolve) => setTimeout(resolve, Math.min(POLL_MS, Math.max(1, deadline - this.wall.now()))));
    }
  }

  /** Keeps the lease during long work (one write every few seconds at most); throws if another process took it. */
  renew(): void {
    const now = this.wall.now();
    if (now - this.renewedAt < TTL_MS / 6) return;
    const kept = this.db.prepare("UPDATE engine_lease SET expires_at = ? WHERE name = 'engine' AND holder = ?").run(now + TTL_MS, this.holder).changes;
    if (kept === 0) throw new ShopfloorError('engine_lease_lost', 'another process took over the engine while this tick was stalled; it stopped here and that process goes on');
    this.renewedAt = now;
  }

  release(): void {
    this.db.prepare("DELETE FROM engine_lease WHERE name = 'engine' AND holder = ?").run(this.holder);
    this.renewedAt = -Infinity;
  }
}
