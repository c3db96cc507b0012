import type { Clock } from '../clock.ts';
import { Dispatcher } from '../channels/dispatcher.ts';
import { openChannels } from '../channels/open-channels.ts';
import type { SecretBox } from '../channels/secret-box.ts';
import { sendSettings } from '../settings/engine-settings.ts';
import type { Db } from '../store/open-store.ts';
import { engineTick, type TickResult } from './engine-tick.ts';

/**
 * One engine per process: on start, attempts a previous process left in flight become `unknown`;
 * each tick advances the journeys and sends what is due over the channels configured at that moment.
 */
export class EngineRunner {
  private readonly dispatcher: Dispatcher;
  private running: Promise<TickResult> | null = null;

  constructor(private readonly db: Db, private readonly clock: Clock, private readonly secretBox: SecretBox | null) {
    this.dispatcher = new Dispatcher(db, clock, { settings: () => sendSettings(db) });
    this.dispatcher.markInDoubt();
  }

  /** Ticks never overlap: a tick asked for while one runs waits for it and then runs. */
  async tick(): Promise<TickResult> {
    while (this.running) await this.running.catch(() => undefined);
    const channels = openChannels(this.db, this.secretBox, this.clock);
    this.running = engineTick(this.db, this.clock.now(), this.dispatcher, channels);
    try {
      return await this.running;
    } finally {
      this.running = null;
      channels.close();
    }
  }
}
