import type { JourneyDefinition } from '../../../shared/journey/definition.ts';
import { reactiveEventNames } from '../../../shared/journey/event-names.ts';
import { dispatchDryRun, type DispatchResult } from '../channels/dry-run-dispatch.ts';
import { advanceJourney, type AdvanceResult } from '../journey/advance-journey.ts';
import { JourneyEngine } from '../journey/journey-engine.ts';
import { SqliteEngineData } from '../journey/sqlite-engine-data.ts';
import { SqliteEngineStore } from '../journey/sqlite-engine-store.ts';
import { sendSettings } from '../settings/engine-settings.ts';
import type { Db } from '../store/open-store.ts';

export interface TickResult extends DispatchResult {
  now: string;
  journeys: Array<{ id: number } & AdvanceResult>;
}

/** Runs all work due at `now`: every active journey up to `now`, then the outbox. The app runs this in a loop. */
export function engineTick(db: Db, now: number): TickResult {
  const settings = sendSettings(db);
  const journeys = db.prepare("SELECT id, definition, activated_at FROM journeys WHERE state = 'active' ORDER BY id").all() as
    Array<{ id: number; definition: string; activated_at: number }>;
  const results: TickResult['journeys'] = [];
  for (const row of journeys) {
    const journey = { id: row.id, definition: JSON.parse(row.definition) as JourneyDefinition, activatedAt: row.activated_at };
    const store = new SqliteEngineStore(db, row.id, () => now);
    const data = new SqliteEngineData(db, row.id, reactiveEventNames(journey.definition));
    const engine = new JourneyEngine(journey, store, data, settings);
    results.push({ id: row.id, ...advanceJourney(engine, store, data, now) });
  }
  return { now: new Date(now).toISOString(), journeys: results, ...dispatchDryRun(db, now, settings.staleAfterMs) };
}
