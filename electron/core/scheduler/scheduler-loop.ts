import type { Clock } from '../clock.ts';
import type { Db } from '../store/open-store.ts';
import { engineTick, type TickResult } from './engine-tick.ts';

export interface Timers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const realTimers: Timers = {
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

/**
 * The app's engine loop: a tick at start, then every `intervalMs` on the injected clock. Because a
 * tick runs everything due up to now in time order, a laptop that slept or an app that was closed
 * catches up on its next tick; nothing here counts elapsed time.
 */
export class SchedulerLoop {
  private handle: unknown = null;
  private running = false;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly options: { intervalMs?: number; timers?: Timers; onTick?: (result: TickResult) => void; onError?: (error: unknown) => void } = {},
  ) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.runOnce();
  }

  stop(): void {
    this.running = false;
    if (this.handle !== null) (this.options.timers ?? realTimers).clearTimeout(this.handle);
    this.handle = null;
  }

  /** Runs a tick now (e.g. right after a commit), outside the regular rhythm. */
  tickNow(): TickResult {
    return engineTick(this.db, this.clock.now());
  }

  private runOnce(): void {
    if (!this.running) return;
    try {
      this.options.onTick?.(this.tickNow());
    } catch (error) {
      // A failing tick must not stop the loop: the next one retries from the same durable state.
      this.options.onError?.(error);
    }
    this.handle = (this.options.timers ?? realTimers).setTimeout(() => this.runOnce(), this.options.intervalMs ?? 15_000);
  }
}
