import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { advanceJourney } from '../../electron/core/journey/advance-journey.ts';
import type { EngineStore } from '../../electron/core/journey/engine-types.ts';
import { JourneyEngine } from '../../electron/core/journey/journey-engine.ts';
import { SqliteEngineData } from '../../electron/core/journey/sqlite-engine-data.ts';
import { SqliteEngineStore } from '../../electron/core/journey/sqlite-engine-store.ts';
import { sendSettings } from '../../electron/core/settings/engine-settings.ts';
import { openStore } from '../../electron/core/store/open-store.ts';
import { parseJourney } from '../../shared/journey/parse-journey.ts';
import { day, JourneyScenario, t0 } from '../helpers/journey-scenario.ts';
import { useTempDir } from '../helpers/temp-dir.ts';

const tempDir = useTempDir();

/** Counts the journey runs a store hands to the engine, whatever method returns them. */
function countingRuns(store: EngineStore): { store: EngineStore; read: () => number } {
  let read = 0;
  const isRun = (value: unknown) => typeof value === 'object' && value !== null && 'seq' in value && 'enteredAt' in value;
  const counted = new Proxy(store, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver) as unknown;
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        const result = (value as (...a: unknown[]) => unknown).apply(target, args);
        if (Array.isArray(result)) read += result.filter(isRun).length;
        else if (isRun(result)) read += 1;
        return result;
      };
    },
  });
  return { store: counted, read: () => read };
}

describe('re-entry state per user', () => {
  it('an entry check reads the user\'s entry count and last entry, not their whole run history', async () => {
    const scenario = new JourneyScenario(tempDir());
    await scenario.settings(['--zone', 'UTC', '--quiet-hours', 'off']);
    await scenario.members([{ id: 'U1' }], t0 - day);
    const parsed = parseJourney({
      name: 'often',
      nodes: [{ id: 'entry', type: 'entry_past', segment: { attributes: [{ key: 'tier', op: 'eq', value: 'VIP' }] }, next: 'hello' }, { id: 'hello', type: 'send_email', next: null }],
      reentry: { mode: 'unlimited', min_interval: 'PT0S' },
      reevaluate_every: 'PT15M',
    });
    if (!parsed.ok) throw new Error('invalid journey');
    const db = openStore(path.resolve(scenario.db));
    try {
      const id = Number(db.prepare("INSERT INTO journeys (name, definition, state, activated_at, next_eval_at, created_at, updated_at) VALUES ('often', ?, 'active', ?, ?, ?, ?)")
        .run(JSON.stringify(parsed.definition), t0, t0, t0, t0).lastInsertRowid);
      const { store, read } = countingRuns(new SqliteEngineStore(db, id, () => t0));
      const data = new SqliteEngineData(db, id, new Set(['offline_purchase']));
      const engine = new JourneyEngine({ id, definition: parsed.definition, activatedAt: t0 }, store, data, sendSettings(db));
      const result = advanceJourney(engine, store, data, t0 + 2 * day);
      const runs = db.prepare('SELECT count(*) FROM journey_runs').pluck().get() as number;
      expect([result.evaluations, runs]).toEqual([193, 193]);
      // Each evaluation looks at the user's active run (none) and due timers: a handful of runs, however many there were before.
      expect(read()).toBeLessThan(3 * result.evaluations);
    } finally {
      db.close();
    }
  });
});
