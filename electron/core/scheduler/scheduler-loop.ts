import type { TickResult } from './engine-tick.ts';

export interface Timers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const realTimers: Timers = {
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

/**
 * The app's engine loop: a tick at start, then one every `intervalMs`. Because a tick runs everything
 * due up to now in time order, a laptop that slept or an app that was closed catches up on its next
 * tick; nothing here counts elapsed time.
 */
export class SchedulerLoop {
  private handle: unknown = null;
  private running = false;
  private current: Promise<void> = Promise.resolve();

  constructor(
    private readonly runner: { tick(): Promise<TickResult> },
    private readonly options: { intervalMs?: number; timers?: Timers; onTick?: (result: TickResult) => void; onError?: (error: unknown) => void } = {},
  ) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.current = this.runOnce();
  }

  stop(): Promise<void> {
    this.running = false;
    if (this.handle !== null) (this.options.timers ?? realTimers).clearTimeout(this.handle);
    this.handle = null;
    return this.current;
  }

  /** Resolves when the tick in progress (if any) is over. */
  settled(): Promise<void> {
    return this.current;
  }

  private async runOnce(): Promise<void> {
    if (!this.running) return;
    try {
      this.options.onTick?.(await this.runner.tick());
    } catch (error) {
      // A failing tick must not stop the loop: the next one retries from the same durable state.
      this.options.onError?.(error);
    }
    if (!this.running) return;
    this.handle = (this.options.timers ?? realTimers).setTimeout(() => {
      this.current = this.runOnce();
    }, this.options.intervalMs ?? 15_000);
  }
}
