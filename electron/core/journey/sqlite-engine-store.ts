import type { Channel } from '../../../shared/journey/definition.ts';
import type { Db } from '../store/open-store.ts';
import { CONTROL_GROUP_REASON } from '../../../shared/journey/control-group.ts';
import type { EngineStore, EntryState, Message, NewMessage, NewRun, Run, TraceEntry } from './engine-types.ts';

interface RunRow {
  id: number;
  journey_id: number;
  user_id: string;
  seq: number;
  control_group: number;
  status: Run['status'];
  node_id: string | null;
  entered_at: number;
  node_at: number;
  steps: number;
  wake_at: number | null;
  wait_until: number | null;
  watch_message: number | null;
  goal_at: number | null;
  ended_at: number | null;
  error: string | null;
  context: string | null;
}

interface MessageRow {
  id: number;
  journey_id: number;
  run_id: number;
  user_id: string;
  node_id: string;
  step: number;
  channel: Channel;
  due_at: number;
  status: Message['status'];
  reason: string | null;
  context: string | null;
}

function toRun(row: RunRow): Run {
  return {
    id: row.id, journeyId: row.journey_id, userId: row.user_id, seq: row.seq, group: row.control_group === 1 ? 'control' : 'target', status: row.status, nodeId: row.node_id,
    enteredAt: row.entered_at, nodeAt: row.node_at, steps: row.steps, wakeAt: row.wake_at, waitUntil: row.wait_until,
    watchMessage: row.watch_message, goalAt: row.goal_at, endedAt: row.ended_at, error: row.error, context: row.context === null ? null : JSON.parse(row.context) as Run['context'],
  };
}

function toMessage(row: MessageRow): Message {
  return {
    id: row.id, journeyId: row.journey_id, runId: row.run_id, userId: row.user_id, nodeId: row.node_id, step: row.step,
    channel: row.channel, dueAt: row.due_at, status: row.status as Message['status'], reason: row.reason,
    context: row.context === null ? null : JSON.parse(row.context) as Message['context'],
  };
}

/** A journey's durable state: runs, timers, outbox and traces in SQLite. */
export class SqliteEngineStore implements EngineStore {
  readonly shared = true;
  private readonly statements;

  constructor(private readonly db: Db, private readonly journeyId: number, private readonly now: () => number) {
    this.statements = {
      insertRun: db.prepare(`INSERT INTO journey_runs (journey_id, user_id, seq, control_group, status, node_id, entered_at, node_at, steps, wake_at, wait_until,
          watch_message, goal_at, ended_at, error, context) VALUES (@journeyId, @userId, @seq, @controlGroup, @status, @nodeId, @enteredAt, @nodeAt, @steps, @wakeAt, @waitUntil,
          @watchMessage, @goalAt, @endedAt, @error, @contextJson)`),
      recordEntry: db.prepare(`INSERT INTO journey_entries (journey_id, user_id, entries, last_entered_at, last_trigger_at) VALUES (?, ?, 1, ?, ?)
          ON CONFLICT (journey_id, user_id) DO UPDATE SET entries = entries + 1, last_entered_at = excluded.last_entered_at, last_trigger_at = excluded.last_trigger_at`),
      entryState: db.prepare('SELECT entries, last_entered_at, last_trigger_at FROM journey_entries WHERE journey_id = ? AND user_id = ?'),
      updateRun: db.prepare(`UPDATE journey_runs SET status = @status, node_id = @nodeId, node_at = @nodeAt, steps = @steps, wake_at = @wakeAt,
          wait_until = @waitUntil, watch_message = @watchMessage, goal_at = @goalAt, ended_at = @endedAt, error = @error, context = @contextJson WHERE id = @id`),
      activeRun: db.prepare("SELECT * FROM journey_runs WHERE journey_id = ? AND user_id = ? AND status = 'active'"),
      goalCandidates: db.prepare('SELECT * FROM journey_runs WHERE journey_id = ? AND user_id = ? AND entered_at >= ? AND entered_at <= ? AND goal_at IS NULL ORDER BY seq'),
      nextDue: db.prepare("SELECT * FROM journey_runs WHERE journey_id = ? AND status = 'active' AND wake_at IS NOT NULL AND wake_at <= ? ORDER BY wake_at, id LIMIT 1"),
      insertMessage: db.prepare(`INSERT INTO messages (journey_id, run_id, user_id, node_id, step, channel, due_at, status, reason, created_at, context)
          VALUES (@journeyId, @runId, @userId, @nodeId, @step, @channel, @dueAt, @status, @reason, @createdAt, @contextJson)`),
      message: db.prepare('SELECT * FROM messages WHERE id = ?'),
      latestOfNode: db.prepare('SELECT * FROM messages WHERE run_id = ? AND node_id = ? AND channel = ? ORDER BY step DESC LIMIT 1'),
      latestOfRun: db.prepare('SELECT * FROM messages WHERE run_id = ? AND channel = ? ORDER BY step DESC LIMIT 1'),
      // Not yet dispatched: still scheduled, whether or not it is already due. A control run's would-have-sent
      // message is "dispatched" at its due time, as a target run's would have been.
      cancel: db.prepare(`UPDATE messages SET status = 'cancelled', reason = @reason WHERE run_id = @runId
          AND (status = 'scheduled' OR (status = 'skipped' AND reason = '${CONTROL_GROUP_REASON}' AND due_at > @at))`),
      count: db.prepare("SELECT count(*) FROM messages WHERE user_id = ? AND channel = ? AND due_at >= ? AND due_at < ? AND status IN ('scheduled', 'sent')").pluck(),
      nextEval: db.prepare('SELECT next_eval_at FROM journeys WHERE id = ?').pluck(),
      setNextEval: db.prepare('UPDATE journeys SET next_eval_at = ? WHERE id = ?'),
      trace: db.prepare('INSERT INTO journey_traces (journey_id, run_id, user_id, at, node_id, what) VALUES (?, ?, ?, ?, ?, ?)'),
    };
  }

  transaction<T>(work: () => T): T {
    return this.db.transaction(work).immediate();
  }

  createRun(run: NewRun, triggerAt: number | null): Run {
    const { context, group, ...fields } = run;
    const id = Number(this.statements.insertRun.run({ ...fields, controlGroup: group === 'control' ? 1 : 0, contextJson: context === null ? null : JSON.stringify(context) }).lastInsertRowid);
    this.statements.recordEntry.run(this.journeyId, run.userId, run.enteredAt, triggerAt);
    return { ...run, id };
  }

  updateRun(run: Run): void {
    const { context, ...fields } = run;
    this.statements.updateRun.run({ ...fields, contextJson: context === null ? null : JSON.stringify(context) });
  }

  activeRun(userId: string): Run | undefined {
    const row = this.statements.activeRun.get(this.journeyId, userId) as RunRow | undefined;
    return row && toRun(row);
  }

  entryState(userId: string): EntryState | undefined {
    const row = this.statements.entryState.get(this.journeyId, userId) as { entries: number; last_entered_at: number; last_trigger_at: number | null } | undefined;
    return row && { entries: row.entries, lastEnteredAt: row.last_entered_at, lastTriggerAt: row.last_trigger_at };
  }

  goalCandidates(userId: string, from: number, to: number): Run[] {
    return (this.statements.goalCandidates.all(this.journeyId, userId, from, to) as RunRow[]).map(toRun);
  }

  nextDueRun(until: number): Run | undefined {
    const row = this.statements.nextDue.get(this.journeyId, until) as RunRow | undefined;
    return row && toRun(row);
  }

  addMessage(message: NewMessage): Message {
    const { context, ...fields } = message;
    const id = Number(this.statements.insertMessage.run({ ...fields, createdAt: this.now(), contextJson: context === null ? null : JSON.stringify(context) }).lastInsertRowid);
    return { ...message, id };
  }

  message(id: number): Message | undefined {
    const row = this.statements.message.get(id) as MessageRow | undefined;
    return row && toMessage(row);
  }

  latestMessage(runId: number, nodeId: string | undefined, channel: Channel): Message | undefined {
    const row = (nodeId === undefined ? this.statements.latestOfRun.get(runId, channel) : this.statements.latestOfNode.get(runId, nodeId, channel)) as MessageRow | undefined;
    return row && toMessage(row);
  }

  cancelScheduled(runId: number, reason: string, at: number): number {
    return this.statements.cancel.run({ reason, runId, at }).changes;
  }

  countMessages(userId: string, channel: Channel, from: number, to: number): number {
    return this.statements.count.get(userId, channel, from, to) as number;
  }

  nextEvaluationAt(): number | null {
    return (this.statements.nextEval.get(this.journeyId) as number | null | undefined) ?? null;
  }

  setNextEvaluationAt(at: number | null): void {
    this.statements.setNextEval.run(at, this.journeyId);
  }

  trace(entry: TraceEntry): void {
    this.statements.trace.run(this.journeyId, entry.runId, entry.userId, entry.at, entry.node, entry.what);
  }

  reached(): void {
    // Live per-node counts are read from the runs and traces when asked for.
  }
}
