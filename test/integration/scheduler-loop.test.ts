import { describe, expect, it } from 'vitest';
import { openStore } from '../../electron/core/store/open-store.ts';
import { EngineRunner } from '../../electron/core/scheduler/engine-runner.ts';
import { SchedulerLoop, type Timers } from '../../electron/core/scheduler/scheduler-loop.ts';
import type { TickResult } from '../../electron/core/scheduler/engine-tick.ts';
import { at, day, JourneyScenario, t0 } from '../helpers/journey-scenario.ts';
import { useTempDir } from '../helpers/temp-dir.ts';

const tempDir = useTempDir();

class ManualTimers implements Timers {
  pending: Array<{ callback: () => void; ms: number }> = [];
  setTimeout(callback: () => void, ms: number): unknown {
    const entry = { callback, ms };
    this.pending.push(entry);
    return entry;
  }
  clearTimeout(handle: unknown): void {
    this.pending = this.pending.filter((entry) => entry !== handle);
  }
  fire(): void {
    const next = this.pending.shift();
    next?.callback();
  }
}

describe('the scheduler loop', () => {
  it('ticks on its clock, and after the laptop slept for days catches up in one tick', async () => {
    const scenario = new JourneyScenario(tempDir());
    await scenario.settings(['--zone', 'UTC', '--quiet-hours', 'off', '--stale', 'P30D']);
    await scenario.members([{ id: 'U1' }], t0 - day);
    const id = await scenario.journey({
      name: 'loop',
      nodes: [
        { id: 'entry', type: 'entry_past', segment: { attributes: [{ key: 'tier', value: 'VIP' }] }, next: 'wait' },
        { id: 'wait', type: 'delay', duration: 'P2D', next: 'hello' },
        { id: 'hello', type: 'send_email', next: null },
      ],
    });
    const db = openStore(scenario.db);
    const timers = new ManualTimers();
    const ticks: TickResult[] = [];
    scenario.clock.set(t0);
    const loop = new SchedulerLoop(new EngineRunner(db, scenario.clock, null), { timers, intervalMs: 60_000, onTick: (result) => ticks.push(result) });
    loop.start();
    await loop.settled();
    expect(ticks).toHaveLength(1);
    expect(timers.pending.map((entry) => entry.ms)).toEqual([60_000]);
    expect(scenario.runs(id).U1).toEqual({ node: 'wait', status: 'active', goal: false });

    scenario.clock.set(t0 + 5 * day);
    timers.fire();
    await loop.settled();
    expect(ticks).toHaveLength(2);
    expect(ticks[1]!.journeys[0]).toMatchObject({ id, timers: 1 });
    expect(await scenario.outbox()).toEqual([expect.objectContaining({ node: 'hello', due_at: at(2 * day), status: 'sent' })]);

    await loop.stop();
    expect(timers.pending).toEqual([]);
    db.close();
  });
});
