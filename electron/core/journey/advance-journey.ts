import type { EngineData, EngineStore } from './engine-types.ts';
import type { JourneyEngine } from './journey-engine.ts';

export interface AdvanceResult {
  ingestions: number;
  timers: number;
  evaluations: number;
}

/**
 * Runs everything due up to `until` in time order: an ingestion before an entry evaluation before a
 * timer at the same instant (an event uploaded exactly at a deadline still counts). Each item is
 * one transaction, so a crash loses at most the item in flight, which the next run redoes.
 */
export function advanceJourney(engine: JourneyEngine, store: EngineStore, data: EngineData, until: number): AdvanceResult {
  const result: AdvanceResult = { ingestions: 0, timers: 0, evaluations: 0 };
  for (;;) {
    const ingestion = data.nextIngestion(until);
    const timer = store.nextDueRun(until);
    const evaluationAt = engine.isPastEntry() ? store.nextEvaluationAt() : null;
    const evaluation = evaluationAt !== null && evaluationAt <= until ? evaluationAt : null;
    const times = [ingestion?.at ?? Infinity, evaluation ?? Infinity, timer?.wakeAt ?? Infinity];
    const first = Math.min(...times);
    if (first === Infinity) return result;
    if (times[0] === first) {
      store.transaction(() => engine.onIngestion(ingestion!));
      result.ingestions += 1;
    } else if (times[1] === first) {
      store.transaction(() => engine.evaluatePastEntry(evaluation!));
      result.evaluations += 1;
    } else {
      store.transaction(() => engine.onTimer(timer!, timer!.wakeAt!));
      result.timers += 1;
    }
  }
}
