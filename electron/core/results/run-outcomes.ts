import { matchesEvent, type Scalar } from '../../../shared/journey/conditions.ts';
import { CONTROL_GROUP_REASON, type Group } from '../../../shared/journey/control-group.ts';
import type { JourneyDefinition } from '../../../shared/journey/definition.ts';
import { durationMs } from '../../../shared/journey/duration.ts';
import type { RunStatus } from '../journey/engine-types.ts';
import type { Db } from '../store/open-store.ts';

/** Runs with no home store and no purchase before entry. */
export const NO_STORE = '(none)';

/** Entries are grouped by quarter hour in SQL (every zone's day starts on one), then into local days or weeks. */
export const BUCKET_MS = 900_000;

/** A message that counts as sent: sent, or for a control run recorded as would-have-sent. */
export const SENT_OR_HELD = `(m.status = 'sent' OR (m.status = 'skipped' AND m.reason = '${CONTROL_GROUP_REASON}'))`;

/** The temporary table of customers whose runs' outcomes are to be recomputed. */
export const CHANGED_USERS = 'temp.report_changed_users';

/** Which runs: all, one customer's, or those of the customers in CHANGED_USERS. */
export interface RunScope {
  userId?: string;
  changedUsers?: boolean;
}

/**
 * What each run of a journey brought, as SQL over the runs, the committed events and the outbox as they
 * are now, so rolled-back and erased data are simply gone (PRODUCT.md §8):
 * - a goal event counts when it *occurred* within [entry, entry + window] (bounds inclusive), whenever it
 *   was uploaded; where re-entry makes windows overlap it counts for the latest entry before it only
 *   (`next_at`), so no purchase is counted twice;
 * - revenue is the net sum of the goal events' value parameter (numbers only; refunds are negative);
 * - the last touch is the last message sent (at its sent_at) — for a control run the last would-have-sent
 *   (at its due time) — at or before the first counted goal event;
 * - the store is the profile's home store, else the store of the latest purchase before entry.
 * The result is the CTE `outcomes` (one row per run) with `runs` and `sends` beside it.
 */
export function outcomesSql(db: Db, journeyId: number, definition: JourneyDefinition, scope: RunScope): { sql: string; params: Record<string, unknown> } {
  const params: Record<string, unknown> = { journeyId, ...(scope.userId === undefined ? {} : { userId: scope.userId }) };
  const scopeFilter = scope.userId !== undefined ? 'AND r.user_id = @userId' : scope.changedUsers ? `AND r.user_id IN (SELECT user_id FROM ${CHANGED_USERS})` : '';
  const goal = definition.goal;
  let goals = 'SELECT 0 AS id, NULL AS goal_at, 0 AS events, NULL AS value, NULL AS arrived WHERE 0';
  if (goal) {
    Object.assign(params, { goalName: goal.event.name, windowMs: durationMs(goal.window) });
    const filters: string[] = [];
    if (goal.event.is_offline !== undefined) {
      filters.push('AND e.is_offline = @offline');
      params.offline = goal.event.is_offline ? 1 : 0;
    }
    if (goal.event.params.length > 0) {
      // Parameter conditions keep exactly the engine's semantics (loose equality, `in`, `contains`…): checked in JS.
      const condition = goal.event;
      db.function('shopfloor_goal_params', { deterministic: true }, (json: unknown) => (matchesEvent(condition, {
        name: condition.name, isOffline: condition.is_offline ?? false, params: JSON.parse(String(json)) as Record<string, Scalar>,
      }) ? 1 : 0));
      filters.push('AND shopfloor_goal_params(e.params)');
    }
    let value = 'NULL';
    if (goal.value !== undefined) {
      params.valuePath = `$.${goal.value}`;
      value = "round(total(CASE WHEN json_type(e.params, @valuePath) IN ('integer', 'real') THEN json_extract(e.params, @valuePath) END), 2)";
    }
    // CROSS JOIN fixes the order, runs → their events by (user_id, occurred_at) → batch: left to itself, SQLite
    // (without statistics) read every committed event and looked each one's user up among the runs.
    goals = `SELECT g.id, min(e.occurred_at) AS goal_at, count(*) AS events, ${value} AS value, max(b.committed_at) AS arrived
        FROM runs g CROSS JOIN events e ON e.user_id = g.user_id AND e.occurred_at >= g.entered_at AND e.occurred_at <= g.entered_at + @windowMs
          AND (g.next_at IS NULL OR e.occurred_at < g.next_at) AND e.name = @goalName ${filters.join(' ')}
        CROSS JOIN batches b ON b.id = e.batch_id WHERE b.status = 'committed' GROUP BY g.id`;
  }
  const sql = `WITH runs AS MATERIALIZED (
      SELECT r.id, r.user_id, r.seq, r.control_group AS grp, r.entered_at, r.status, r.node_id,
        -- the user's next entry: an event from then on is the next run's (an index seek: cheaper than a window)
        (SELECT min(r2.entered_at) FROM journey_runs r2 WHERE r2.journey_id = r.journey_id AND r2.user_id = r.user_id AND r2.entered_at > r.entered_at) AS next_at,
        coalesce(nullif(json_extract(u.attrs, '$.home_store'), ''), (
          SELECT json_extract(e.params, '$.store_id') FROM events e JOIN batches b ON b.id = e.batch_id
          WHERE e.user_id = r.user_id AND e.occurred_at < r.entered_at AND e.name = 'offline_purchase' AND b.status = 'committed'
            AND json_extract(e.params, '$.store_id') IS NOT NULL
          ORDER BY e.occurred_at DESC LIMIT 1), '${NO_STORE}') AS store
      FROM journey_runs r LEFT JOIN users u ON u.user_id = r.user_id
      WHERE r.journey_id = @journeyId ${scopeFilter}
    ),
    goals AS MATERIALIZED (${goals}),
    outcomes AS MATERIALIZED (
      SELECT runs.*, goals.goal_at, coalesce(goals.events, 0) AS goal_events, goals.value AS goal_value, goals.arrived AS goal_arrived,
        CASE WHEN goals.goal_at IS NULL THEN NULL ELSE (
          SELECT m.node_id FROM messages m WHERE m.run_id = runs.id AND ${SENT_OR_HELD} AND coalesce(m.sent_at, m.due_at) <= goals.goal_at
          ORDER BY coalesce(m.sent_at, m.due_at) DESC, m.id DESC LIMIT 1) END AS last_node
      FROM runs LEFT JOIN goals ON goals.id = runs.id
    )`;
  return { sql, params };
}

/** One run with what the report counts for it. */
export interface RunOutcome {
  id: number;
  userId: string;
  seq: number;
  group: Group;
  enteredAt: number;
  status: RunStatus;
  nodeId: string | null;
  store: string;
  /** When the first goal event counted for this run occurred; null: not converted. */
  goalAt: number | null;
  /** Net sum of the goal events' value parameter; null when not converted or the goal names none. */
  goalValue: number | null;
  goalEvents: number;
  lastMessageNode: string | null;
  /** The send node of each message sent, or for control each would-have-sent, in order. */
  sentNodes: string[];
}

/** Every run (or one customer's) with its outcome: the same SQL the report adds up. */
export function runOutcomes(db: Db, journeyId: number, definition: JourneyDefinition, filter: { userId?: string } = {}): RunOutcome[] {
  const { sql, params } = outcomesSql(db, journeyId, definition, filter);
  const rows = db.prepare(`${sql}
      SELECT id, user_id, seq, grp, entered_at, status, node_id, store, goal_at, goal_value, goal_events, last_node,
        (SELECT group_concat(node_id, ' ') FROM (SELECT m.node_id FROM messages m WHERE m.run_id = outcomes.id AND ${SENT_OR_HELD} ORDER BY m.step))
      FROM outcomes ORDER BY id`).raw().all(params) as Array<[number, string, number, number, number, RunStatus, string | null, Scalar, number | null, number | null, number, string | null, string | null]>;
  return rows.map(([id, userId, seq, grp, enteredAt, status, nodeId, store, goalAt, goalValue, goalEvents, lastNode, sent]) => ({
    id, userId, seq, group: grp === 1 ? 'control' : 'target', enteredAt, status, nodeId, store: String(store),
    goalAt, goalValue: goalAt === null ? null : goalValue, goalEvents, lastMessageNode: lastNode, sentNodes: sent === null ? [] : sent.split(' '),
  }));
}
