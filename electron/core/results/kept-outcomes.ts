import type { JourneyDefinition } from '../../../shared/journey/definition.ts';
import type { Db } from '../store/open-store.ts';
import { BUCKET_MS, CHANGED_USERS, outcomesSql, type RunScope } from './run-outcomes.ts';

interface DataState {
  /** Changes with what recomputes every run: an edit of the journey's goal, a rollback. */
  basis: string;
  commit_seq: number;
  max_run_id: number;
  runs: number;
}

/** How the kept outcomes were brought up to date: nothing had changed, the runs of the changed customers, or all. */
export type Refresh<T> = { mode: 'unchanged' } | { mode: 'changed'; before: T; after: T } | { mode: 'all' };

/**
 * Brings a journey's kept run outcomes (journey_run_outcomes) up to date with the store. Between two
 * reports the data grows in two ways only: batches committed (events, profiles: a run's goal events and
 * store) and runs entered (a new entry also ends the window of the customer's previous run). So only the
 * runs of the customers in those are recomputed, with the same SQL as a full computation; anything else —
 * an edit of the journey's goal, a rollback, runs that do not add up — recomputes them all. Erased customers'
 * runs take their outcomes with them (ON DELETE CASCADE). Messages are not kept here: see message-sums.
 * `measure` reads what the caller keeps of the changed customers' runs (CHANGED_USERS), before and after.
 */
export function refreshKeptOutcomes<T>(db: Db, journeyId: number, definition: JourneyDefinition, measure: () => T): Refresh<T> {
  // Immediate: the kept outcomes and their mark must describe one snapshot, and another process may be writing.
  return db.transaction((): Refresh<T> => {
    // Of the journey, outcomes depend on its goal only (a run's group is kept with the run; messages are read live).
    const state = db.prepare(`SELECT @goal || '|' || (SELECT total(status = 'rolled_back') || '.' || coalesce(max(rolled_back_at), 0) FROM batches) AS basis,
        (SELECT coalesce(max(commit_seq), 0) FROM batches) AS commit_seq,
        (SELECT coalesce(max(id), 0) FROM journey_runs WHERE journey_id = @journeyId) AS max_run_id,
        (SELECT count(*) FROM journey_runs WHERE journey_id = @journeyId) AS runs`).get({ journeyId, goal: JSON.stringify(definition.goal ?? null) }) as DataState;
    const mark = db.prepare('SELECT basis, commit_seq, max_run_id FROM journey_outcome_marks WHERE journey_id = ?').get(journeyId) as
      Omit<DataState, 'runs'> | undefined;
    if (mark?.basis === state.basis && mark.commit_seq === state.commit_seq && mark.max_run_id === state.max_run_id && keptRuns(db, journeyId) === state.runs) {
      return { mode: 'unchanged' };
    }
    let refresh: Refresh<T> | null = mark?.basis === state.basis ? updateChanged(db, journeyId, definition, mark, state, measure) : null;
    if (refresh === null) {
      db.prepare('DELETE FROM journey_run_outcomes WHERE journey_id = ?').run(journeyId);
      computeOutcomes(db, journeyId, definition, {});
      refresh = { mode: 'all' };
    }
    db.prepare(`INSERT INTO journey_outcome_marks (journey_id, basis, commit_seq, max_run_id) VALUES (@journeyId, @basis, @commit_seq, @max_run_id)
        ON CONFLICT (journey_id) DO UPDATE SET basis = excluded.basis, commit_seq = excluded.commit_seq, max_run_id = excluded.max_run_id`)
      .run({ journeyId, basis: state.basis, commit_seq: state.commit_seq, max_run_id: state.max_run_id });
    return refresh;
  }).immediate();
}

function keptRuns(db: Db, journeyId: number): number {
  return db.prepare('SELECT count(*) FROM journey_run_outcomes WHERE journey_id = ?').pluck().get(journeyId) as number;
}

/** Recomputes the runs of the customers with new data since the mark; null when recomputing all is the better (or the only right) way. */
function updateChanged<T>(db: Db, journeyId: number, definition: JourneyDefinition, mark: Omit<DataState, 'runs'>, state: DataState, measure: () => T): Refresh<T> | null {
  // A large upload touches most customers: one pass over all runs is then cheaper than finding them first.
  const newRows = db.prepare("SELECT total(accepted) FROM batches WHERE commit_seq > ? AND status = 'committed'").pluck().get(mark.commit_seq) as number;
  if (newRows > Math.max(10_000, state.runs / 4)) return null;
  db.exec(`CREATE TEMP TABLE IF NOT EXISTS ${CHANGED_USERS.slice('temp.'.length)} (user_id TEXT PRIMARY KEY) WITHOUT ROWID`);
  db.exec(`DELETE FROM ${CHANGED_USERS}`);
  db.prepare(`INSERT OR IGNORE INTO ${CHANGED_USERS} (user_id)
      SELECT e.user_id FROM batches b CROSS JOIN events e ON e.batch_id = b.id WHERE b.commit_seq > @seq AND b.status = 'committed'
      UNION SELECT p.user_id FROM batches b CROSS JOIN profile_changes p ON p.batch_id = b.id WHERE b.commit_seq > @seq AND b.status = 'committed'
      UNION SELECT user_id FROM journey_runs WHERE journey_id = @journeyId AND id > @maxRunId`).run({ seq: mark.commit_seq, journeyId, maxRunId: mark.max_run_id });
  const before = measure();
  db.prepare(`DELETE FROM journey_run_outcomes WHERE run_id IN (
      SELECT r.id FROM ${CHANGED_USERS} c CROSS JOIN journey_runs r ON r.journey_id = @journeyId AND r.user_id = c.user_id)`).run({ journeyId });
  computeOutcomes(db, journeyId, definition, { changedUsers: true });
  const after = measure();
  db.exec(`DELETE FROM ${CHANGED_USERS}`);
  // Every run has exactly one outcome, or something changed that this does not follow: recompute all.
  return keptRuns(db, journeyId) === state.runs ? { mode: 'changed', before, after } : null;
}

function computeOutcomes(db: Db, journeyId: number, definition: JourneyDefinition, scope: RunScope): void {
  const { sql, params } = outcomesSql(db, journeyId, definition, scope);
  db.prepare(`INSERT INTO journey_run_outcomes (journey_id, bucket, control_group, store, run_id, entered_at, goal_at, goal_value, goal_arrived)
      ${sql}
      SELECT @journeyId, runs.entered_at / ${BUCKET_MS}, runs.grp, runs.store, runs.id, runs.entered_at, goals.goal_at, goals.value, goals.arrived
      FROM runs LEFT JOIN goals ON goals.id = runs.id`).run(params);
}
