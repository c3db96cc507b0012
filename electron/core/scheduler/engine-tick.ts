import type { JourneyDefinition } from '../../../shared/journey/definition.ts';
import { reactiveEventNames } from '../../../shared/journey/event-names.ts';
import type { Channels, Dispatcher, DispatchReport } from '../channels/dispatcher.ts';
import { advanceJourneys, type AdvanceResult, type JourneyWork } from '../journey/advance-journey.ts';
import { JourneyEngine, type Pause } from '../journey/journey-engine.ts';
import { SqliteEngineData } from '../journey/sqlite-engine-data.ts';
import { SqliteEngineStore } from '../journey/sqlite-engine-store.ts';
import { sendSettings } from '../settings/engine-settings.ts';
import type { Db } from '../store/open-store.ts';

export interface TickResult {
  now: string;
  journeys: Array<{ id: number } & AdvanceResult>;
  /** Messages handed to a provider, or marked sent in a dry run. */
  sent: number;
  dry_run: number;
  stale: number;
  dispatch: DispatchReport;
}

/**
 * Every active journey up to `now`, all together in time order (synchronous: one transaction per step).
 * `heartbeat` runs between steps: the caller keeps its engine lease there.
 */
export function advanceActiveJourneys(db: Db, now: number, heartbeat?: () => void): TickResult['journeys'] {
  const settings = sendSettings(db);
  const journeys = db.prepare("SELECT id, definition, activated_at, pauses FROM journeys WHERE state = 'active' ORDER BY id").all() as
    Array<{ id: number; definition: string; activated_at: number; pauses: string }>;
  const works = journeys.map((row): JourneyWork => {
    const journey = { id: row.id, definition: JSON.parse(row.definition) as JourneyDefinition, activatedAt: row.activated_at, pauses: JSON.parse(row.pauses) as Pause[] };
    const store = new SqliteEngineStore(db, row.id, () => now);
    const data = new SqliteEngineData(db, row.id, reactiveEventNames(journey.definition));
    return { engine: new JourneyEngine(journey, store, data, settings), store, data };
  });
  const results = advanceJourneys(works, now, heartbeat);
  return journeys.map((row, index) => ({ id: row.id, ...results[index]! }));
}

/** Runs all work due at `now`: the journeys, then the outbox. The app runs this in a loop; `engine tick` once. */
export async function engineTick(db: Db, now: number, dispatcher: Dispatcher, channels: Channels, heartbeat?: () => void): Promise<TickResult> {
  const journeys = advanceActiveJourneys(db, now, heartbeat);
  const dispatch = await dispatcher.dispatchDue(channels, heartbeat);
  return { now: new Date(now).toISOString(), journeys, sent: dispatch.sent + dispatch.dry_run, dry_run: dispatch.dry_run, stale: dispatch.skipped.stale ?? 0, dispatch };
}
