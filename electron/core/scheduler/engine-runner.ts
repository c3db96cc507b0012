import type { WorkerScript } from '../worker-script.ts';
import type { Clock } from '../clock.ts';
import { Dispatcher } from '../channels/dispatcher.ts';
import { openChannels } from '../channels/open-channels.ts';
import type { SecretBox } from '../channels/secret-box.ts';
import { sendSettings } from '../settings/engine-settings.ts';
import type { Db } from '../store/open-store.ts';
import { EngineLease } from './engine-lease.ts';
import { engineTick, type TickResult } from './engine-tick.ts';

/**
 * The engine of one process. Each tick takes the store's engine lease (so the app's loop and a
 * command-line tick never work at once), marks attempts a dead process left in flight `unknown`,
 * advances the journeys and sends what is due over the channels configured at that moment.
 */
export class EngineRunner {
  private readonly dispatcher: Dispatcher;
  private readonly lease: EngineLease;
  private running: Promise<TickResult> | null = null;

  /** `checkpointWorker`: the bundled app names the dispatcher's checkpoint worker (checkpointWorkerBeside). */
  constructor(private readonly db: Db, private readonly clock: Clock, private readonly secretBox: SecretBox | null, lease?: EngineLease, checkpointWorker?: WorkerScript) {
    this.dispatcher = new Dispatcher(db, clock, { settings: () => sendSettings(db), ...(checkpointWorker ? { checkpointWorker } : {}) });
    this.lease = lease ?? new EngineLease(db);
  }

  /**
   * Ticks of this process never overlap: one asked for while one runs waits for it. Another process's
   * tick is waited for up to `waitMs`, then this one fails with `engine_busy` having done nothing.
   */
  async tick(options: { waitMs?: number } = {}): Promise<TickResult> {
    while (this.running) await this.running.catch(() => undefined);
    this.running = this.leasedTick(options.waitMs ?? 0);
    try {
      return await this.running;
    } finally {
      this.running = null;
    }
  }

  private async leasedTick(waitMs: number): Promise<TickResult> {
    await this.lease.acquire(waitMs);
    const channels = openChannels(this.db, this.secretBox, this.clock);
    try {
      this.dispatcher.markInDoubt();
      return await engineTick(this.db, this.clock.now(), this.dispatcher, channels, () => this.lease.renew());
    } finally {
      channels.close();
      this.lease.release();
    }
  }
}
