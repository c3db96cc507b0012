import type { Group } from '../../../shared/journey/control-group.ts';
import type { JourneyDefinition } from '../../../shared/journey/definition.ts';
import type { Db } from '../store/open-store.ts';
import { refreshKeptOutcomes } from './kept-outcomes.ts';
import { addMessageRows, emptyMessageSums, messageSumsFromJson, messageSumsToJson, messagesToken, readMessageSums } from './message-sums.ts';

/** One kind of sum over the runs: entries by quarter hour, conversions credited to a message, messages sent. */
export type OutcomeRow =
  | { kind: 'cohort'; bucket: number; group: Group; store: string; entered: number; converted: number; revenue: number }
  | { kind: 'touch'; group: Group; store: string; node: string; converted: number; revenue: number }
  | { kind: 'sent'; group: Group; store: string; node: string; sent: number };

export interface OutcomeSums {
  rows: OutcomeRow[];
  /** The latest instant data behind these sums arrived: an entry, a send, a counted goal event's upload. */
  latestArrival: number | null;
}

/** Orders the sums as SQL would (kind, bucket, group, store, node), so that their fingerprint is stable. */
function compareRows(a: OutcomeRow, b: OutcomeRow): number {
  const keys = (row: OutcomeRow): Array<string | number> => [row.kind, row.kind === 'cohort' ? row.bucket : -1, row.group === 'control' ? 1 : 0, row.store, row.kind === 'cohort' ? '' : row.node];
  const left = keys(a);
  const right = keys(b);
  for (let index = 0; index < left.length; index++) if (left[index] !== right[index]) return left[index]! < right[index]! ? -1 : 1;
  return 0;
}

/**
 * The sums a report is made of: the kept run outcomes brought up to date (kept-outcomes) and added up in
 * one ordered pass, with the kept sums over their messages (message-sums), so that only a few thousand
 * rows leave SQLite and an upload costs in proportion to the customers in it.
 */
export function outcomeSums(db: Db, journeyId: number, definition: JourneyDefinition): OutcomeSums {
  return db.transaction((): OutcomeSums => {
    const token = messagesToken(db, journeyId);
    const kept = db.prepare('SELECT messages_token, message_sums FROM journey_outcome_marks WHERE journey_id = ?').get(journeyId) as
      { messages_token: string | null; message_sums: string | null } | undefined;
    let messages = kept?.messages_token === token && kept.message_sums !== null ? messageSumsFromJson(kept.message_sums) : null;
    const refresh = refreshKeptOutcomes(db, journeyId, definition, () => (messages === null ? [] : readMessageSums(db, journeyId, 'changed')));
    if (messages !== null && refresh.mode === 'changed') {
      addMessageRows(messages, refresh.before, -1);
      addMessageRows(messages, refresh.after, 1);
    }
    if (messages === null || refresh.mode === 'all') {
      messages = emptyMessageSums();
      addMessageRows(messages, readMessageSums(db, journeyId, 'all'), 1);
    }
    if (refresh.mode !== 'unchanged' || kept?.messages_token !== token) {
      db.prepare('UPDATE journey_outcome_marks SET messages_token = ?, message_sums = ? WHERE journey_id = ?').run(token, messageSumsToJson(messages), journeyId);
    }
    // The last column: when the data behind each sum last arrived (an entry, a counted goal event's upload).
    const cohorts = db.prepare(`SELECT bucket, control_group, store, count(*), count(goal_at), total(goal_value), max(max(entered_at), coalesce(max(goal_arrived), 0))
        FROM journey_run_outcomes WHERE journey_id = ? GROUP BY bucket, control_group, store`).raw().all(journeyId) as
      Array<[number, number, string, number, number, number, number]>;
    const rows: OutcomeRow[] = [];
    let latestArrival = messages.latest;
    const groupOf = (grp: number): Group => (grp === 1 ? 'control' : 'target');
    for (const [bucket, grp, store, entered, converted, revenue, latest] of cohorts) {
      rows.push({ kind: 'cohort', bucket, group: groupOf(grp), store, entered, converted, revenue });
      latestArrival = Math.max(latestArrival ?? latest, latest);
    }
    for (const [key, [converted, cents]] of messages.touch) {
      const [grp, store, node] = JSON.parse(key) as [number, string, string];
      rows.push({ kind: 'touch', group: groupOf(grp), store, node, converted, revenue: cents / 100 });
    }
    for (const [key, sent] of messages.sent) {
      const [grp, store, node] = JSON.parse(key) as [number, string, string];
      rows.push({ kind: 'sent', group: groupOf(grp), store, node, sent });
    }
    return { rows: rows.sort(compareRows), latestArrival };
  }).immediate();
}
