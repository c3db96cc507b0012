import { matchesEvent, type Scalar } from '../../../shared/journey/conditions.ts';
import { CONTROL_GROUP_REASON, type Group } from '../../../shared/journey/control-group.ts';
import type { JourneyDefinition } from '../../../shared/journey/definition.ts';
import { durationMs } from '../../../shared/journey/duration.ts';
import type { RunStatus } from '../journey/engine-types.ts';
import type { Db } from '../store/open-store.ts';

/** Runs with no home store and no purchase before entry. */
export const NO_STORE = '(none)';

/** What one run brought, worked out from the events as they are now (rolled-back and erased data are gone). */
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
  /** Net sum of the goal events' value parameter (refunds netted); null when the goal names none. */
  goalValue: number | null;
  goalEvents: number;
  /** The send node of the last message out (for control: would have gone out) at or before the conversion. */
  lastMessageNode: string | null;
  /** The send node of each message sent, or for control each would-have-sent. */
  sentNodes: string[];
}

export interface Outcomes {
  runs: RunOutcome[];
  /** The latest instant data behind these outcomes arrived: an entry, a send, a counted goal event's upload. */
  latestArrival: number | null;
}

interface MessageRow {
  runId: number;
  nodeId: string;
  at: number;
  arrivedAt: number;
}

/** Revenue is money: sums rounded to cents so that 0.1 + 0.2 reads 0.3 in the report and its CSV. */
export function roundMoney(value: number): number {
  return Math.round(value * 100) / 100;
}

function later(a: number | null, b: number | null): number | null {
  return a === null ? b : b === null ? a : Math.max(a, b);
}

/**
 * Each run of a journey with its store, its conversion and revenue, and its last touch, computed from
 * the runs, the committed events and the outbox as they are now (PRODUCT.md §8):
 * - a goal event counts when it *occurred* within [entry, entry + window] (bounds inclusive), whenever it
 *   was uploaded; where re-entry makes windows overlap, it counts for the latest entry before it only;
 * - revenue is the net sum of the goal events' value parameter (numbers only; refunds are negative);
 * - the last touch is the last message sent (sent_at) — for a control run the last would-have-sent (due
 *   time) — at or before the first counted goal event;
 * - the store is the profile's home store, else the store of the latest purchase before entry.
 */
export function runOutcomes(db: Db, journeyId: number, definition: JourneyDefinition, filter: { userId?: string } = {}): Outcomes {
  const byUser = filter.userId === undefined ? '' : 'AND r.user_id = @userId';
  const params = { journeyId, ...(filter.userId === undefined ? {} : { userId: filter.userId }) };
  const runRows = db.prepare(`SELECT r.id, r.user_id, r.seq, r.control_group, r.entered_at, r.status, r.node_id,
      coalesce(json_extract(u.attrs, '$.home_store'), (
        SELECT json_extract(e.params, '$.store_id') FROM events e JOIN batches b ON b.id = e.batch_id
        WHERE e.user_id = r.user_id AND e.occurred_at < r.entered_at AND e.name = 'offline_purchase' AND b.status = 'committed'
          AND json_extract(e.params, '$.store_id') IS NOT NULL
        ORDER BY e.occurred_at DESC LIMIT 1)) AS store
      FROM journey_runs r LEFT JOIN users u ON u.user_id = r.user_id WHERE r.journey_id = @journeyId ${byUser} ORDER BY r.id`)
    .raw().all(params) as Array<[number, string, number, number, number, RunStatus, string | null, Scalar | null]>;

  const runs: RunOutcome[] = [];
  const byId = new Map<number, RunOutcome>();
  let latestArrival: number | null = null;
  for (const [id, userId, seq, control, enteredAt, status, nodeId, store] of runRows) {
    const run: RunOutcome = {
      id, userId, seq, group: control === 1 ? 'control' : 'target', enteredAt, status, nodeId, store: store === null || store === '' ? NO_STORE : String(store),
      goalAt: null, goalValue: null, goalEvents: 0, lastMessageNode: null, sentNodes: [],
    };
    runs.push(run);
    byId.set(id, run);
    latestArrival = later(latestArrival, enteredAt);
  }

  const goal = definition.goal;
  if (goal) {
    const condition = goal.event;
    const readsParams = condition.params.length > 0;
    const rows = db.prepare(`SELECT r.id, e.id, e.occurred_at, e.is_offline, ${goal.value === undefined ? 'NULL' : 'json_extract(e.params, @valuePath)'},
        ${readsParams ? 'e.params' : 'NULL'}, b.committed_at
        FROM journey_runs r
        JOIN events e ON e.user_id = r.user_id AND e.occurred_at >= r.entered_at AND e.occurred_at <= r.entered_at + @windowMs AND e.name = @name
        JOIN batches b ON b.id = e.batch_id
        WHERE r.journey_id = @journeyId ${byUser} AND b.status = 'committed' ${condition.is_offline === undefined ? '' : 'AND e.is_offline = @offline'}`)
      .raw().all({
        ...params, name: condition.name, windowMs: durationMs(goal.window),
        ...(goal.value === undefined ? {} : { valuePath: `$.${goal.value}` }),
        ...(condition.is_offline === undefined ? {} : { offline: condition.is_offline ? 1 : 0 }),
      }) as Array<[number, number, number, number, Scalar | null, string | null, number]>;
    // An event inside several runs' windows (re-entry) belongs to the latest entry before it.
    const owner = new Map<number, { run: RunOutcome; occurredAt: number; value: Scalar | null; committedAt: number }>();
    for (const [runId, eventId, occurredAt, isOffline, value, paramsJson, committedAt] of rows) {
      if (paramsJson !== null && !matchesEvent(condition, { name: condition.name, isOffline: isOffline === 1, params: JSON.parse(paramsJson) as Record<string, Scalar> })) continue;
      const run = byId.get(runId)!;
      const current = owner.get(eventId);
      if (!current || current.run.enteredAt < run.enteredAt) owner.set(eventId, { run, occurredAt, value, committedAt });
    }
    for (const { run, occurredAt, value, committedAt } of owner.values()) {
      run.goalEvents += 1;
      run.goalAt = run.goalAt === null ? occurredAt : Math.min(run.goalAt, occurredAt);
      if (goal.value !== undefined) run.goalValue = (run.goalValue ?? 0) + (typeof value === 'number' ? value : 0);
      latestArrival = later(latestArrival, committedAt);
    }
    if (goal.value !== undefined) {
      for (const run of runs) if (run.goalAt !== null) run.goalValue = roundMoney(run.goalValue ?? 0);
    }
  }

  // Sent messages of target runs; would-have-sent of control runs, at the time they would have gone out.
  const messageRows = db.prepare(`SELECT m.run_id, m.node_id, m.status, coalesce(m.sent_at, m.due_at), coalesce(m.sent_at, m.created_at) FROM messages m
      ${filter.userId === undefined ? '' : 'JOIN journey_runs r ON r.id = m.run_id'}
      WHERE m.journey_id = @journeyId ${byUser} AND (m.status = 'sent' OR (m.status = 'skipped' AND m.reason = '${CONTROL_GROUP_REASON}'))`)
    .raw().all(params) as Array<[number, string, string, number, number]>;
  const ofRun = new Map<number, MessageRow[]>();
  for (const [runId, nodeId, status, at, arrivedAt] of messageRows) {
    const run = byId.get(runId);
    // A control run's messages are only ever would-have-sent; a target run's only sent ones count.
    if (!run || (run.group === 'control') !== (status === 'skipped')) continue;
    run.sentNodes.push(nodeId);
    latestArrival = later(latestArrival, arrivedAt);
    if (run.goalAt === null) continue;
    const list = ofRun.get(runId);
    if (list) list.push({ runId, nodeId, at, arrivedAt });
    else ofRun.set(runId, [{ runId, nodeId, at, arrivedAt }]);
  }
  for (const [runId, list] of ofRun) {
    const run = byId.get(runId)!;
    let last: MessageRow | null = null;
    for (const message of list) if (message.at <= run.goalAt! && (last === null || message.at >= last.at)) last = message;
    run.lastMessageNode = last?.nodeId ?? null;
  }
  return { runs, latestArrival };
}
