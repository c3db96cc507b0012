import type { EngineData, EngineStore, Ingestion, Run } from './engine-types.ts';
import type { JourneyEngine } from './journey-engine.ts';

export interface AdvanceResult {
  ingestions: number;
  timers: number;
  evaluations: number;
}

/** One journey's engine with the state and data it works on. */
export interface JourneyWork {
  engine: JourneyEngine;
  store: EngineStore;
  data: EngineData;
}

// At one instant: an upload before an entry evaluation before a timer (an event uploaded exactly at a
// deadline still counts).
type Due =
  | { at: number; rank: 0; ingestion: Ingestion }
  | { at: number; rank: 1 }
  | { at: number; rank: 2; run: Run };

function nextDue(work: JourneyWork, until: number): Due | null {
  const ingestion = work.data.nextIngestion(until);
  const timer = work.store.nextDueRun(until);
  const evaluationAt = work.engine.isPastEntry() ? work.store.nextEvaluationAt() : null;
  let due: Due | null = ingestion ? { at: ingestion.at, rank: 0, ingestion } : null;
  if (evaluationAt !== null && evaluationAt <= until && (due === null || evaluationAt < due.at)) due = { at: evaluationAt, rank: 1 };
  if (timer && (due === null || timer.wakeAt! < due.at)) due = { at: timer.wakeAt!, rank: 2, run: timer };
  return due;
}

function before(a: Due, b: Due): boolean {
  return a.at < b.at || (a.at === b.at && a.rank < b.rank);
}

/**
 * Does a journey's earliest due item, in one transaction. In a store other processes share, the item is
 * looked up again inside that transaction, so what it acts on is what is due now, not what was due when
 * someone last looked.
 * Returns what was done, or null when nothing is due up to `until`.
 */
function step(work: JourneyWork, until: number, peeked: Due): keyof AdvanceResult | null {
  return work.store.transaction(() => {
    const due = work.store.shared ? nextDue(work, until) : peeked;
    if (due === null) return null;
    if (due.rank === 0) {
      work.engine.onIngestion(due.ingestion);
      return 'ingestions';
    }
    if (due.rank === 1) {
      work.engine.evaluatePastEntry(due.at);
      return 'evaluations';
    }
    work.engine.onTimer(due.run, due.at);
    return 'timers';
  });
}

/**
 * Runs everything due up to `until` for several journeys together, in time order across all of them
 * (ties: uploads, then evaluations, then timers, then journey order), so a daily cap shared by journeys
 * is used up in the order things happened, and one catch-up gives what many small ticks would have.
 * Each item is one transaction: a crash loses at most the item in flight, which the next run redoes.
 * `onStep` runs between items (the caller keeps its lease alive there).
 */
export function advanceJourneys(works: readonly JourneyWork[], until: number, onStep?: () => void): AdvanceResult[] {
  const results = works.map((): AdvanceResult => ({ ingestions: 0, timers: 0, evaluations: 0 }));
  // Only a journey's own step changes what is due for it, so each journey is looked at again only after it stepped.
  const next = works.map((work) => nextDue(work, until));
  for (;;) {
    let first = -1;
    for (let index = 0; index < works.length; index++) {
      const due = next[index];
      if (due && (first < 0 || before(due, next[first]!))) first = index;
    }
    if (first < 0) return results;
    const done = step(works[first]!, until, next[first]!);
    if (done !== null) results[first]![done] += 1;
    next[first] = nextDue(works[first]!, until);
    onStep?.();
  }
}

/** Runs everything due up to `until` for one journey (previews and tests). */
export function advanceJourney(engine: JourneyEngine, store: EngineStore, data: EngineData, until: number): AdvanceResult {
  return advanceJourneys([{ engine, store, data }], until)[0]!;
}
