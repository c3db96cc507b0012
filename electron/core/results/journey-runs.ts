import type { Group } from '../../../shared/journey/control-group.ts';
import type { RunStatus } from '../journey/engine-types.ts';
import { getJourney } from '../journey/journeys-repo.ts';
import type { Db } from '../store/open-store.ts';
import { runOutcomes } from './run-outcomes.ts';

export interface RunResult {
  user_id: string;
  seq: number;
  group: Group;
  store: string;
  entered_at: string;
  node: string | null;
  status: RunStatus;
  /** When the first counted goal event occurred; null: not converted. */
  goal_at: string | null;
  goal_value: number | null;
  goal_events: number;
  last_message_node: string | null;
  /** Send nodes of the messages sent (control: would have been sent). */
  sent: string[];
}

/** Every run with what the report counts for it, so each of the report's numbers can be recomputed from them. */
export function journeyRuns(db: Db, journeyId: number, filter: { group?: Group; userId?: string } = {}): { journey_id: number; runs: RunResult[] } {
  const { definition } = getJourney(db, journeyId);
  const runs = runOutcomes(db, journeyId, definition, filter.userId === undefined ? {} : { userId: filter.userId });
  const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
  return {
    journey_id: journeyId,
    runs: runs.filter((run) => filter.group === undefined || run.group === filter.group).map((run) => ({
      user_id: run.userId, seq: run.seq, group: run.group, store: run.store, entered_at: iso(run.enteredAt)!, node: run.nodeId, status: run.status,
      goal_at: iso(run.goalAt), goal_value: run.goalValue, goal_events: run.goalEvents, last_message_node: run.lastMessageNode, sent: run.sentNodes,
    })),
  };
}
