import fs from 'node:fs';
import path from 'node:path';
import { ManualClock } from '../../electron/core/clock.ts';
import { importFile } from '../../electron/core/import/import-file.ts';
import { activateJourney, createJourney } from '../../electron/core/journey/journeys-repo.ts';
import { advanceActiveJourneys } from '../../electron/core/scheduler/engine-tick.ts';
import { writeEngineSettings } from '../../electron/core/settings/engine-settings.ts';
import { openStore, type Db } from '../../electron/core/store/open-store.ts';
import type { JourneyDefinitionInput } from '../../shared/journey/definition.ts';
import { toDelimited, writeEncoded } from '../fixtures/pos-csv.ts';
import { seededRandom } from './seeded-random.ts';

const minute = 60_000;
const hour = 3_600_000;
const day = 86_400_000;
const start = Date.parse('2026-12-01T00:00:00Z');

type Step =
  | { at: number; kind: 'members'; rows: string[][] }
  | { at: number; kind: 'pos'; rows: string[][] }
  | { at: number; kind: 'activate'; journey: number };

export interface CatchUpScenario {
  seed: number;
  settings: { zone: string; quiet_hours: { start: string; end: string } | null; daily_cap: { email: number; sms: number }; stale_after: string };
  journeys: JourneyDefinitionInput[];
  steps: Step[];
  /** Small ticks every this often; the catch-up ticks once at `end`. */
  tickEveryMs: number;
  end: number;
}

const purchase = { name: 'offline_purchase', is_offline: true };

function journeyShapes(pick: <T>(items: readonly T[]) => T): JourneyDefinitionInput[] {
  const reentry = () => pick([{ mode: 'once' as const }, { mode: 'unlimited' as const, min_interval: 'P1D' }, { mode: 'limited' as const, max: 2, min_interval: 'PT12H' }]);
  return [
    {
      name: 'encourage',
      nodes: [
        { id: 'entry', type: 'entry_past', segment: { attributes: [{ key: 'tier', op: 'eq', value: 'VIP' }] }, next: 'wait' },
        { id: 'wait', type: 'wait_for', event: purchase, timeout: pick(['P1D', 'P2D']), grace: pick(['PT6H', 'PT12H']), matched: 'thanks', timed_out: 'nudge' },
        { id: 'thanks', type: 'send_email', next: null },
        { id: 'nudge', type: 'send_email', next: 'opened' },
        { id: 'opened', type: 'email_opened', timeout: 'PT12H', opened: null, not_opened: 'morning' },
        { id: 'morning', type: 'delay', until: pick(['10:00', '09:30']), next: 'sms' },
        { id: 'sms', type: 'send_sms', next: null },
      ],
      goal: { event: purchase, window: 'P3D' },
      exit: { event: purchase },
      reentry: reentry(),
      reevaluate_every: pick(['PT15M', 'PT3H', 'PT6H']),
    },
    {
      name: 'after a purchase',
      nodes: [
        { id: 'entry', type: 'entry_event', event: purchase, next: 'settle' },
        { id: 'settle', type: 'delay', duration: pick(['PT6H', 'PT30H']), next: 'regular' },
        { id: 'regular', type: 'check', condition: { events: [{ event: purchase, in_last: 'P7D', count: { op: 'gte', value: 2 } }] }, yes: 'thanks', no: 'invite' },
        { id: 'thanks', type: 'send_email', next: null },
        { id: 'invite', type: 'send_sms', next: null },
      ],
      reentry: reentry(),
    },
    {
      name: 'recent buyers',
      nodes: [
        { id: 'entry', type: 'entry_past', segment: { attributes: [{ key: 'tier', op: 'ne', value: 'Gold' }], events: [{ event: purchase, in_last: 'P2D', upload_interval: 'PT12H' }] }, next: 'hello' },
        { id: 'hello', type: 'send_email', next: 'later' },
        { id: 'later', type: 'delay', duration: 'P1D', next: 'again' },
        { id: 'again', type: 'send_email', next: null },
      ],
      reentry: reentry(),
      reevaluate_every: pick(['PT1H', 'PT6H']),
    },
  ];
}

/** A random store history over ten days: profile changes, late store uploads, journeys activated along the way. */
export function makeScenario(seed: number): CatchUpScenario {
  const next = seededRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
  const between = (from: number, to: number) => from + Math.floor(next() * ((to - from) / minute)) * minute;
  const users = Array.from({ length: 5 + Math.floor(next() * 8) }, (_, index) => `M${index + 1}`);
  const member = (id: string) => [id, pick(['VIP', 'VIP', 'Gold', 'Regular']), `${id.toLowerCase()}@example.com`, pick(['yes', 'yes', 'no']), '+81 90 1234 5678', pick(['yes', 'no'])];
  const steps: Step[] = [{ at: start - day, kind: 'members', rows: users.map(member) }];
  const end = start + 10 * day;
  for (let index = 0, count = 2 + Math.floor(next() * 4); index < count; index++) {
    steps.push({ at: between(start, end), kind: 'members', rows: users.filter(() => next() < 0.4).map(member) });
  }
  let receipt = 0;
  for (let index = 0, count = 4 + Math.floor(next() * 6); index < count; index++) {
    const uploadAt = between(start, end);
    const rows = Array.from({ length: 1 + Math.floor(next() * 6) }, () => {
      receipt += 1;
      return [pick(users), new Date(between(uploadAt - 3 * day, uploadAt)).toISOString(), 'S01', `R${receipt}`, '1', String(100 + Math.floor(next() * 900))];
    });
    steps.push({ at: uploadAt, kind: 'pos', rows });
  }
  const shapes = journeyShapes(pick);
  const journeys = shapes.filter(() => next() < 0.7);
  if (journeys.length === 0) journeys.push(shapes[0]!);
  journeys.forEach((_, index) => steps.push({ at: between(start, start + 2 * day), kind: 'activate', journey: index }));
  steps.sort((a, b) => a.at - b.at);
  return {
    seed,
    settings: {
      zone: pick(['UTC', 'Asia/Tokyo', 'America/New_York']),
      quiet_hours: pick([null, { start: '21:00', end: '09:00' }]),
      daily_cap: { email: 1 + Math.floor(next() * 3), sms: 1 + Math.floor(next() * 2) },
      stale_after: 'PT24H',
    },
    journeys,
    steps,
    tickEveryMs: pick([15 * minute, hour, 5 * hour]),
    end,
  };
}

/** Plays the history into a new store; with `tickEveryMs` the engine ticks along the way, else once at the end. */
export async function playScenario(scenario: CatchUpScenario, dir: string, tickEveryMs: number | null): Promise<Db> {
  fs.mkdirSync(dir, { recursive: true });
  const db = openStore(path.join(dir, 'store.db'));
  const clock = new ManualClock(scenario.steps[0]!.at);
  writeEngineSettings(db, scenario.settings);
  const ids = scenario.journeys.map((definition) => createJourney(db, clock, definition).id);
  let file = 0;
  let tickAt = tickEveryMs === null ? Infinity : scenario.steps.find((step) => step.kind === 'activate')!.at;
  for (const step of scenario.steps) {
    for (; tickAt < step.at; tickAt += tickEveryMs!) advanceActiveJourneys(db, tickAt);
    clock.set(step.at);
    if (step.kind === 'activate') {
      activateJourney(db, clock, ids[step.journey]!, step.at);
      continue;
    }
    const csv = path.join(dir, `${step.kind}-${++file}.csv`);
    const header = step.kind === 'members'
      ? ['Member ID', 'Tier', 'Email', 'Email Opt In', 'Phone', 'SMS Opt In']
      : ['Member ID', 'Purchased At', 'Store', 'Receipt No', 'Line No', 'Amount'];
    writeEncoded(csv, toDelimited([header, ...step.rows]), 'utf-8');
    await importFile(db, clock, { file: csv, kind: step.kind, tz: 'UTC', commit: true });
  }
  for (; tickAt < scenario.end; tickAt += tickEveryMs!) advanceActiveJourneys(db, tickAt);
  advanceActiveJourneys(db, scenario.end);
  return db;
}

/** What the engine decided, without row ids or wall-clock stamps: runs, messages with their skips, and stats. */
export function engineOutcome(db: Db): { runs: unknown[]; messages: unknown[] } {
  return {
    runs: db.prepare(`SELECT journey_id, user_id, seq, status, node_id, entered_at, node_at, steps, wake_at, wait_until, goal_at, ended_at, error
        FROM journey_runs ORDER BY journey_id, user_id, seq`).raw().all(),
    messages: db.prepare(`SELECT m.journey_id, m.user_id, r.seq, m.node_id, m.step, m.channel, m.due_at, m.status, m.reason
        FROM messages m JOIN journey_runs r ON r.id = m.run_id ORDER BY m.journey_id, m.user_id, r.seq, m.step`).raw().all(),
  };
}
