import { CONTROL_GROUP_REASON, controlShare } from '../../../shared/journey/control-group.ts';
import type { JourneyDefinition } from '../../../shared/journey/definition.ts';
import { parseJourney, type DefinitionProblem, type ParseOptions } from '../../../shared/journey/parse-journey.ts';
import type { Clock } from '../clock.ts';
import { ShopfloorError } from '../errors.ts';
import { iso } from '../store/batch-repo.ts';
import type { Db } from '../store/open-store.ts';
import type { Pause } from './journey-engine.ts';

export type JourneyState = 'draft' | 'active' | 'paused' | 'stopped';

export interface JourneyRecord {
  id: number;
  name: string;
  state: JourneyState;
  definition: JourneyDefinition;
  activated_at: string | null;
  paused_at: string | null;
  stopped_at: string | null;
  created_at: string;
  updated_at: string;
}

interface JourneyRow {
  id: number;
  name: string;
  state: JourneyState;
  definition: string;
  activated_at: number | null;
  paused_at: number | null;
  stopped_at: number | null;
  next_eval_at: number | null;
  pauses: string;
  created_at: number;
  updated_at: number;
}

function toRecord(row: JourneyRow): JourneyRecord {
  return {
    id: row.id, name: row.name, state: row.state, definition: JSON.parse(row.definition) as JourneyDefinition,
    activated_at: iso(row.activated_at), paused_at: iso(row.paused_at), stopped_at: iso(row.stopped_at),
    created_at: iso(row.created_at)!, updated_at: iso(row.updated_at)!,
  };
}

export function describeProblems(problems: readonly DefinitionProblem[]): string {
  return problems.map((problem) => (problem.node ? `node "${problem.node}": ${problem.message}` : problem.message)).join('; ');
}

/** Parses a journey or throws one clear error naming each problem's node. */
export function validJourney(input: unknown, source?: string, options: ParseOptions = {}): JourneyDefinition {
  const result = parseJourney(input, options);
  if (!result.ok) throw new ShopfloorError('invalid_journey', describeProblems(result.problems), source ? { file: source } : undefined);
  return result.definition;
}

export function createJourney(db: Db, clock: Clock, input: unknown, source?: string): JourneyRecord {
  const definition = validJourney(input, source);
  const now = clock.now();
  const id = Number(db.prepare("INSERT INTO journeys (name, definition, state, created_at, updated_at) VALUES (?, ?, 'draft', ?, ?)")
    .run(definition.name, JSON.stringify(definition), now, now).lastInsertRowid);
  return getJourney(db, id);
}

function getRow(db: Db, id: number): JourneyRow {
  const row = db.prepare('SELECT * FROM journeys WHERE id = ?').get(id) as JourneyRow | undefined;
  if (!row) throw new ShopfloorError('journey_not_found', `there is no journey ${id} (see \`shopfloor journey list\`)`);
  return row;
}

export function getJourney(db: Db, id: number): JourneyRecord {
  return toRecord(getRow(db, id));
}

export function listJourneys(db: Db): JourneyRecord[] {
  return (db.prepare('SELECT * FROM journeys ORDER BY id').all() as JourneyRow[]).map(toRecord);
}

/** A journey's structure changes only as a draft or while paused (PRODUCT.md §4). */
export function updateJourney(db: Db, clock: Clock, id: number, input: unknown, source?: string): JourneyRecord {
  const row = getRow(db, id);
  if (row.state === 'stopped') {
    throw new ShopfloorError('journey_not_editable', `journey ${id} is stopped and cannot change; create a new journey from its definition`);
  }
  if (row.state !== 'draft' && row.state !== 'paused') {
    throw new ShopfloorError('journey_not_editable', `journey ${id} is ${row.state}: pause it before changing its structure`);
  }
  const definition = validJourney(input, source);
  if (row.state === 'paused') {
    const current = JSON.parse(row.definition) as JourneyDefinition;
    if (controlShare(current) !== controlShare(definition)) {
      // A new share would move customers between the groups mid-way and mix the comparison.
      throw new ShopfloorError('journey_not_editable', `the control share of journey ${id} is fixed once it has been active (${controlShare(current)}); create a new journey to change it`);
    }
    const kept = new Set(definition.nodes.map((node) => node.id));
    const stranded = db.prepare("SELECT DISTINCT node_id FROM journey_runs WHERE journey_id = ? AND status = 'active'").pluck().all(id) as string[];
    const lost = stranded.filter((node) => !kept.has(node) || definition.nodes.find((n) => n.id === node)?.type !== current.nodes.find((n) => n.id === node)?.type);
    if (lost.length > 0) {
      throw new ShopfloorError('journey_not_editable', `customers are waiting at ${lost.map((node) => `"${node}"`).join(', ')}: keep those nodes (with their type) when editing an active journey`);
    }
  }
  db.prepare('UPDATE journeys SET name = ?, definition = ?, updated_at = ? WHERE id = ?').run(definition.name, JSON.stringify(definition), clock.now(), id);
  return getJourney(db, id);
}

/**
 * draft → active at `at` (default now): only batches committed after that instant are new to it, and
 * a past-condition entry is evaluated first at `at`. paused → active resumes: the next tick runs the
 * timers and uploads that fell due meanwhile, in order, but nobody enters for the paused period; a
 * past-condition entry evaluates once at the resume (no replay of the instants it missed).
 */
export function activateJourney(db: Db, clock: Clock, id: number, at?: number): JourneyRecord {
  return db.transaction(() => {
    const row = getRow(db, id);
    const now = clock.now();
    if (row.state === 'paused') {
      const pauses = (JSON.parse(row.pauses) as Pause[]).map((pause) => (pause.to === null ? { ...pause, to: now } : pause));
      db.prepare("UPDATE journeys SET state = 'active', paused_at = NULL, pauses = ?, next_eval_at = min(next_eval_at, ?), updated_at = ? WHERE id = ?")
        .run(JSON.stringify(pauses), now, now, id);
    } else if (row.state === 'draft') {
      const activatedAt = at ?? now;
      const definition = JSON.parse(row.definition) as JourneyDefinition;
      const past = definition.nodes.some((node) => node.type === 'entry_past');
      const seq = db.prepare("SELECT coalesce(max(commit_seq), 0) FROM batches WHERE commit_seq IS NOT NULL AND committed_at <= ?").pluck().get(activatedAt) as number;
      db.prepare("UPDATE journeys SET state = 'active', activated_at = ?, ingest_seq = ?, next_eval_at = ?, updated_at = ? WHERE id = ?")
        .run(activatedAt, seq, past ? activatedAt : null, now, id);
    } else if (row.state !== 'active') {
      throw new ShopfloorError('journey_stopped', `journey ${id} is stopped; create a new one from its definition`);
    }
    return getJourney(db, id);
  }).immediate();
}

export function pauseJourney(db: Db, clock: Clock, id: number): JourneyRecord {
  const row = getRow(db, id);
  if (row.state !== 'active') throw new ShopfloorError('journey_not_active', `journey ${id} is ${row.state}; only an active journey can be paused`);
  const now = clock.now();
  const pauses = [...(JSON.parse(row.pauses) as Pause[]), { from: now, to: null }];
  db.prepare("UPDATE journeys SET state = 'paused', paused_at = ?, pauses = ?, updated_at = ? WHERE id = ?").run(now, JSON.stringify(pauses), now, id);
  return getJourney(db, id);
}

/** Stops for good: runs end, scheduled messages are cancelled. */
export function stopJourney(db: Db, clock: Clock, id: number): JourneyRecord & { runs_stopped: number; messages_cancelled: number } {
  return db.transaction(() => {
    const row = getRow(db, id);
    if (row.state === 'stopped') throw new ShopfloorError('journey_stopped', `journey ${id} is already stopped`);
    const now = clock.now();
    const messages = db.prepare(`UPDATE messages SET status = 'cancelled', reason = 'journey_stopped' WHERE journey_id = ?
        AND (status = 'scheduled' OR (status = 'skipped' AND reason = '${CONTROL_GROUP_REASON}' AND due_at > ?))`).run(id, now).changes;
    const runs = db.prepare("UPDATE journey_runs SET status = 'stopped', ended_at = ?, wake_at = NULL WHERE journey_id = ? AND status = 'active'").run(now, id).changes;
    db.prepare("UPDATE journeys SET state = 'stopped', stopped_at = ?, updated_at = ? WHERE id = ?").run(now, now, id);
    return { ...getJourney(db, id), runs_stopped: runs, messages_cancelled: messages };
  }).immediate();
}

export interface JourneyStats {
  runs: Record<string, number>;
  /** Runs the engine stopped with an error (e.g. a loop that never waits), with the first error. */
  errors: { runs: number; first: string | null };
  waiting_at: Record<string, number>;
  goals: number;
  messages: Record<string, number>;
}

export function journeyStats(db: Db, id: number): JourneyStats {
  const runs = db.prepare('SELECT status, count(*) AS n FROM journey_runs WHERE journey_id = ? GROUP BY status').all(id) as Array<{ status: string; n: number }>;
  const waiting = db.prepare("SELECT node_id, count(*) AS n FROM journey_runs WHERE journey_id = ? AND status = 'active' GROUP BY node_id").all(id) as Array<{ node_id: string; n: number }>;
  const goals = db.prepare('SELECT count(*) FROM journey_runs WHERE journey_id = ? AND goal_at IS NOT NULL').pluck().get(id) as number;
  const errors = db.prepare('SELECT count(*) AS runs, min(error) AS first FROM journey_runs WHERE journey_id = ? AND error IS NOT NULL').get(id) as { runs: number; first: string | null };
  // A control group's would-have-sent messages are counted apart (held_back): they are not skips to look into.
  const messages = db.prepare(`SELECT CASE WHEN status = 'skipped' AND reason = '${CONTROL_GROUP_REASON}' THEN 'held_back' ELSE status END AS status, count(*) AS n
      FROM messages WHERE journey_id = ? GROUP BY 1`).all(id) as Array<{ status: string; n: number }>;
  // Messages sent to customers who were erased since are kept as counts only (privacy/erase-user.ts).
  const erasedSent = db.prepare('SELECT coalesce(sum(sent), 0) FROM erased_sends WHERE journey_id = ?').pluck().get(id) as number;
  if (erasedSent > 0) {
    const sent = messages.find((row) => row.status === 'sent');
    if (sent) sent.n += erasedSent;
    else messages.push({ status: 'sent', n: erasedSent });
  }
  return {
    runs: Object.fromEntries(runs.map((row) => [row.status, row.n])),
    waiting_at: Object.fromEntries(waiting.map((row) => [row.node_id, row.n])),
    errors,
    goals,
    messages: Object.fromEntries(messages.map((row) => [row.status, row.n])),
  };
}
