import fs from 'node:fs';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import type { JourneyDefinitionInput } from '../../shared/journey/definition.ts';
import { groupOf } from '../../shared/journey/control-group.ts';
import type { JourneyReport } from '../../electron/core/results/journey-report.ts';
import type { RunResult } from '../../electron/core/results/journey-runs.ts';
import { at, day, hour, JourneyScenario, t0 } from '../helpers/journey-scenario.ts';
import { startCoreHost } from '../../electron/core/host/start-core-host.ts';
import { cli } from '../helpers/run-cli.ts';
import { useTempDir } from '../helpers/temp-dir.ts';

const tempDir = useTempDir();
const purchase = { name: 'offline_purchase', is_offline: true };
const vip = { attributes: [{ key: 'tier', op: 'eq' as const, value: 'VIP' }] };
const goal = { event: purchase, window: 'P7D', value: 'amount' };

let scenario: JourneyScenario;
let dir: string;

beforeEach(async () => {
  dir = tempDir();
  scenario = new JourneyScenario(dir);
  await scenario.settings(['--zone', 'UTC', '--quiet-hours', 'off', '--cap', 'email=10', '--cap', 'sms=10', '--stale', 'P30D']);
});

function report(id: number, when: number, extra: string[] = []): Promise<JourneyReport> {
  scenario.clock.set(when);
  return scenario.run<JourneyReport>(['journey', 'report', String(id), '--now', new Date(when).toISOString(), ...extra]);
}

async function runs(id: number, extra: string[] = []): Promise<RunResult[]> {
  return (await scenario.run<{ runs: RunResult[] }>(['journey', 'runs', String(id), ...extra])).runs;
}

/** The first user ids (U1, U2, …) that fall in `group` of journey `id` at `share`. */
function usersIn(id: number, share: number, group: 'target' | 'control', count: number, prefix = 'U'): string[] {
  const found: string[] = [];
  for (let index = 1; found.length < count; index++) if (groupOf(id, `${prefix}${index}`, share) === group) found.push(`${prefix}${index}`);
  return found;
}

describe('conversions by occurrence time', () => {
  const hello = (extra: Partial<JourneyDefinitionInput> = {}): JourneyDefinitionInput => ({
    name: 'vip hello', nodes: [{ id: 'entry', type: 'entry_past', segment: vip, next: 'hello' }, { id: 'hello', type: 'send_email', next: null }], goal, ...extra,
  });

  it('a purchase inside the window uploaded after it ends converts and moves last_changed_at; one after the window does not, even uploaded first', async () => {
    await scenario.members([{ id: 'U1' }, { id: 'U2' }], t0 - day);
    const id = await scenario.journey(hello());
    await scenario.tick(t0);
    // U2 buys a day after the window closes (t0 + 7d), and that upload arrives first.
    await scenario.purchases([{ user: 'U2', occurred: t0 + 8 * day, amount: 5000 }], t0 + 8 * day + hour);
    const before = await report(id, t0 + 8 * day + 2 * hour);
    expect(before.target).toEqual({ entered: 2, converted: 0, rate: 0, revenue: 0, revenue_per_entrant: 0 });
    // Nothing that counts has arrived since the entries and the sends at t0.
    expect(before.last_changed_at).toBe(at(0));

    // U1 bought on day 6 (inside the window); the store uploads it on day 9.
    await scenario.purchases([{ user: 'U1', occurred: t0 + 6 * day, amount: 1200 }], t0 + 9 * day);
    const after = await report(id, t0 + 10 * day);
    expect(after.target).toEqual({ entered: 2, converted: 1, rate: 0.5, revenue: 1200, revenue_per_entrant: 600 });
    expect(after.last_changed_at).toBe(at(9 * day));
    expect(after.as_of).toBe(at(10 * day));
    // Lag: p95 of [0 (U2's, uploaded before it occurred, counts as 0), 3 days] is 3 days; window 7 days.
    expect(after.upload_lag).toMatchObject({ ms: 3 * day, duration: 'P3D' });
    expect(after.complete_before).toBe(at(0));
    expect(after.cohorts).toEqual([{ start: '2026-12-01', group: 'target', store: '(none)', entered: 2, converted: 1, revenue: 1200, provisional: true }]);
    // Asking again later changes nothing but the clock: the cohort is complete once Dec 1 + 7 d + 3 d has passed.
    const later = await report(id, t0 + 12 * day);
    expect(later.cohorts[0]!.provisional).toBe(false);
    expect(later.last_changed_at).toBe(at(9 * day));
    expect((await runs(id)).map(({ user_id, goal_at, goal_value, last_message_node }) => [user_id, goal_at, goal_value, last_message_node]))
      .toEqual([['U1', at(6 * day), 1200, 'hello'], ['U2', null, null, null]]);
  });

  it('revenue sums every purchase in the window with refunds netted; the conversion goes to the last message sent before it', async () => {
    await scenario.members([{ id: 'U1' }, { id: 'U2' }, { id: 'U3' }, { id: 'U4' }], t0 - day);
    const id = await scenario.journey({
      name: 'two emails',
      nodes: [
        { id: 'entry', type: 'entry_past', segment: vip, next: 'first' },
        { id: 'first', type: 'send_email', next: 'pause' },
        { id: 'pause', type: 'delay', duration: 'P2D', next: 'second' },
        { id: 'second', type: 'send_email', next: null },
      ],
      goal,
    });
    await scenario.tick(t0);
    await scenario.tick(t0 + 2 * day);
    await scenario.purchases([
      { user: 'U1', occurred: t0 + day, amount: 3000 },
      { user: 'U1', occurred: t0 + 3 * day, amount: 2000 },
      { user: 'U1', occurred: t0 + 4 * day, amount: -500 },
      // After the window: not revenue.
      { user: 'U1', occurred: t0 + 8 * day, amount: 9999 },
      { user: 'U2', occurred: t0 + 2 * day + hour, amount: 1000 },
      // Before U4 entered: not a conversion.
      { user: 'U4', occurred: t0 - hour, amount: 700 },
    ], t0 + 9 * day);
    const result = await report(id, t0 + 9 * day);
    expect(result.target).toEqual({ entered: 4, converted: 2, rate: 0.5, revenue: 5500, revenue_per_entrant: 1375 });
    expect(result.by_message).toEqual({
      first: { sent: 4, converted_after: 1, revenue_after: 4500 },
      second: { sent: 4, converted_after: 1, revenue_after: 1000 },
    });
    // share 0: no control group, so no control block and no lift (absent, not zero).
    expect(result.control_share).toBe(0);
    expect(result).not.toHaveProperty('control');
    expect(result).not.toHaveProperty('lift');
    expect(result.by_store['S01']).toEqual({ target: { entered: 1, converted: 0, rate: 0, revenue: 0, revenue_per_entrant: 0 } });
    const byUser = Object.fromEntries((await runs(id)).map((run) => [run.user_id, run]));
    expect(byUser.U1).toMatchObject({ goal_at: at(day), goal_value: 4500, last_message_node: 'first', sent: ['first', 'second'] });
    expect(byUser.U2).toMatchObject({ goal_at: at(2 * day + hour), goal_value: 1000, last_message_node: 'second' });
    // U4's store is that of the purchase before entry; the others have no home store and no earlier purchase.
    expect(Object.values(byUser).map((run) => [run.user_id, run.store])).toEqual([['U1', '(none)'], ['U2', '(none)'], ['U3', '(none)'], ['U4', 'S01']]);

    // The same through the app's API (the contract the Results tab calls), inputs checked first.
    const core = startCoreHost({ dbPath: scenario.db, clock: scenario.clock, schedulerIntervalMs: 0 });
    try {
      const page = await core.invoke('journeys.runs', { id, group: 'target', offset: 1, limit: 2 }) as { ok: true; value: { total: number; runs: RunResult[] } };
      expect(page.value.total).toBe(4);
      expect(page.value.runs.map((run) => run.user_id)).toEqual(['U2', 'U3']);
      const viaApi = await core.invoke('journeys.report', { id }) as { ok: true; value: JourneyReport };
      expect(viaApi.value.by_message).toEqual(result.by_message);
      const csv = await core.invoke('journeys.reportCsv', { id, by: 'week' }) as { ok: true; value: { filename: string; csv: string; rows: number } };
      expect([csv.value.filename, csv.value.rows, csv.value.csv.split('\r\n')[1]]).toEqual(['journey-1-results-by-week.csv', 2, '2026-11-30,target,(none),3,2,0.6666666666666666,5500,1833.33,true']);
      expect(await core.invoke('journeys.report', { id, by: 'month' })).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    } finally {
      await core.close();
    }
  });
});

describe('the control group', () => {
  const withOpen: JourneyDefinitionInput = {
    name: 'held back',
    nodes: [
      { id: 'entry', type: 'entry_past', segment: vip, next: 'hello' },
      { id: 'hello', type: 'send_email', next: 'opened' },
      { id: 'opened', type: 'email_opened', message: 'hello', timeout: 'P1D', opened: null, not_opened: 'sms' },
      { id: 'sms', type: 'send_sms', next: null },
    ],
    goal,
    control: { share: 0.5 },
  };

  it('enters, waits and branches like the target group but receives nothing: would-have-sent is recorded, never dispatched, and uses no daily cap', async () => {
    await scenario.settings(['--cap', 'email=1']);
    const [c1, c2] = usersIn(1, 0.5, 'control', 2);
    const [t1, t2] = usersIn(1, 0.5, 'target', 2);
    await scenario.members([c1!, c2!, t1!, t2!].map((id) => ({ id })), t0 - day);
    const id = await scenario.journey(withOpen);
    expect(id).toBe(1);
    // A second journey mails everyone at the same instant: the cap of one email a day is used up only by real sends.
    const other = await scenario.journey({ name: 'everyone', nodes: [{ id: 'entry', type: 'entry_past', segment: vip, next: 'news' }, { id: 'news', type: 'send_email', next: null }] });
    scenario.clock.set(t0);
    const preview = await scenario.run<{ target: unknown; control: unknown; messages: Array<{ user_id: string; node: string; at: string; status: string; reason: string | null }> }>(
      ['journey', 'preview', String(id), '--from', at(0), '--days', '3']);
    await scenario.tick(t0);
    await scenario.tick(t0 + day);
    await scenario.tick(t0 + 2 * day);

    const outbox = (await scenario.outbox(['--journey', String(id)])).map(({ user_id, node, status, reason, due_at }) => [user_id, node, status, reason, due_at]);
    // The control runs wait out the open timeout like the target runs (no open can come), then reach the SMS at the same time.
    expect(outbox.sort()).toEqual([
      [c1, 'hello', 'skipped', 'control_group', at(0)], [c1, 'sms', 'skipped', 'control_group', at(day)],
      [c2, 'hello', 'skipped', 'control_group', at(0)], [c2, 'sms', 'skipped', 'control_group', at(day)],
      [t1, 'hello', 'sent', null, at(0)], [t1, 'sms', 'sent', null, at(day)],
      [t2, 'hello', 'sent', null, at(0)], [t2, 'sms', 'sent', null, at(day)],
    ].sort());
    expect((await scenario.outbox(['--journey', String(other)])).map(({ user_id, status, reason }) => [user_id, status, reason]).sort()).toEqual([
      [c1, 'sent', null], [c2, 'sent', null], [t1, 'skipped', 'frequency_cap'], [t2, 'skipped', 'frequency_cap'],
    ].sort());
    // Counted apart from real skips in the journey's stats.
    expect((await scenario.run<{ stats: { messages: Record<string, number> } }>(['journey', 'show', String(id)])).stats.messages).toEqual({ sent: 4, held_back: 4 });
    // The group is stored on the run; the preview holds back the same customers at the same times.
    expect((await runs(id)).map((run) => [run.user_id, run.group])).toEqual([[c1, 'control'], [c2, 'control'], [t1, 'target'], [t2, 'target']].sort());
    expect(preview.target).toEqual({ entered: 2, messages: 4 });
    expect(preview.control).toEqual({ entered: 2, would_have_sent: 4 });
    expect(preview.messages.map(({ user_id, node, at: when, reason }) => [user_id, node, reason === 'control_group' ? 'skipped' : 'sent', reason, when]).sort())
      .toEqual(outbox.sort());
  });

  it('counts conversions of both groups, credits a control conversion to its would-have-sent, and says when there is not enough data', async () => {
    const [c1, c2] = usersIn(1, 0.5, 'control', 2);
    const [t1, t2] = usersIn(1, 0.5, 'target', 2);
    await scenario.members([c1!, c2!, t1!, t2!].map((id) => ({ id })), t0 - day);
    const id = await scenario.journey(withOpen);
    await scenario.tick(t0);
    await scenario.tick(t0 + day);
    await scenario.purchases([{ user: t1!, occurred: t0 + 2 * hour, amount: 1000 }, { user: c1!, occurred: t0 + day + hour, amount: 1000 }], t0 + 2 * day);
    const result = await report(id, t0 + 2 * day);
    const half = { entered: 2, converted: 1, rate: 0.5, revenue: 1000, revenue_per_entrant: 500 };
    expect(result.control_share).toBe(0.5);
    expect(result.target).toEqual(half);
    expect(result.control).toEqual(half);
    // 1/2 − 1/2: Wilson limits of 1/2 are 0.0945 and 0.9055, so ±√(0.4055² + 0.4055²) = ±0.5734.
    expect(result.lift).toEqual({
      rate: 0, rate_ci95: [expect.closeTo(-0.5734, 4), expect.closeTo(0.5734, 4)], rate_relative: 0, revenue_per_entrant: 0, revenue_per_entrant_relative: 0,
      enough_data: false, method: 'newcombe_hybrid_score',
    });
    expect(result.minimum).toEqual({ entrants: 30, conversions: 5 });
    expect(result.by_message).toEqual({
      hello: { sent: 2, converted_after: 1, revenue_after: 1000, control: { would_have_sent: 2, converted_after: 0, revenue_after: 0 } },
      sms: { sent: 2, converted_after: 0, revenue_after: 0, control: { would_have_sent: 2, converted_after: 1, revenue_after: 1000 } },
    });
    expect(result.cohorts).toEqual([
      { start: '2026-12-01', group: 'target', store: '(none)', entered: 2, converted: 1, revenue: 1000, provisional: true },
      { start: '2026-12-01', group: 'control', store: '(none)', entered: 2, converted: 1, revenue: 1000, provisional: true },
    ]);
  });

  it('re-entry: each run is its own entrant and conversion, a purchase counts for the latest entry before it, and a control user stays in control', async () => {
    const [c1] = usersIn(1, 0.5, 'control', 1);
    const [t1] = usersIn(1, 0.5, 'target', 1);
    await scenario.members([{ id: c1! }, { id: t1! }], t0 - day);
    const id = await scenario.journey({
      name: 'every three days', nodes: [{ id: 'entry', type: 'entry_past', segment: vip, next: 'hello' }, { id: 'hello', type: 'send_email', next: null }],
      goal, control: { share: 0.5 }, reentry: { mode: 'unlimited', min_interval: 'P3D' }, exit: { event: { name: 'store_visit' } },
    });
    await scenario.tick(t0 + 7 * day);
    await scenario.purchases([
      // Inside the windows of t1's first (t0) and second (t0 + 3d) entries: it is the second entry's.
      { user: t1!, occurred: t0 + 4 * day, amount: 400 },
      { user: c1!, occurred: t0 + day, amount: 300 },
    ], t0 + 8 * day);
    const result = await report(id, t0 + 8 * day);
    expect(result.target).toMatchObject({ entered: 3, converted: 1, revenue: 400 });
    expect(result.control).toMatchObject({ entered: 3, converted: 1, revenue: 300 });
    expect((await runs(id)).map((run) => [run.user_id, run.seq, run.group, run.entered_at, run.goal_value]).sort()).toEqual([
      [c1, 1, 'control', at(0), 300], [c1, 2, 'control', at(3 * day), null], [c1, 3, 'control', at(6 * day), null],
      [t1, 1, 'target', at(0), null], [t1, 2, 'target', at(3 * day), 400], [t1, 3, 'target', at(6 * day), null],
    ].sort());
    expect((await runs(id, ['--group', 'control', '--user', c1!])).map((run) => run.seq)).toEqual([1, 2, 3]);
  });

  it('exit applies alike: a would-have-sent not yet due when the customer exits is cancelled, as the real message is', async () => {
    await scenario.settings(['--quiet-hours', '21:00-09:00']);
    const [c1] = usersIn(1, 0.5, 'control', 1);
    const [t1] = usersIn(1, 0.5, 'target', 1);
    await scenario.members([{ id: c1! }, { id: t1! }], t0 - day);
    const id = await scenario.journey({ ...withOpen, exit: { event: purchase } });
    // Entered at midnight: the emails wait for 09:00; both customers buy at 02:00, uploaded at 03:00.
    await scenario.tick(t0);
    await scenario.purchases([{ user: c1!, occurred: t0 + 2 * hour }, { user: t1!, occurred: t0 + 2 * hour }], t0 + 3 * hour);
    await scenario.tick(t0 + 3 * hour);
    expect((await scenario.outbox(['--journey', String(id)])).map(({ user_id, status, reason, due_at }) => [user_id, status, reason, due_at]).sort())
      .toEqual([[c1, 'cancelled', 'exit', at(9 * hour)], [t1, 'cancelled', 'exit', at(9 * hour)]].sort());
    expect((await runs(id)).map((run) => [run.group, run.status]).sort()).toEqual([['control', 'exited'], ['target', 'exited']]);
    const result = await report(id, t0 + 4 * hour);
    expect(result.by_message.hello).toEqual({ sent: 0, converted_after: 0, revenue_after: 0, control: { would_have_sent: 0, converted_after: 0, revenue_after: 0 } });
  });

  it('the share is fixed once the journey has been active', async () => {
    const id = await scenario.journey(withOpen);
    await scenario.journeyCommand('pause', id, t0 + hour);
    const file = path.join(dir, 'changed.json');
    fs.writeFileSync(file, JSON.stringify({ ...withOpen, control: { share: 0.2 } }));
    const run = await cli(['journey', 'update', String(id), file, '--db', scenario.db]);
    expect(run.stderr.trim()).toBe('shopfloor: the control share of journey 1 is fixed once it has been active (0.5); create a new journey to change it');
    expect(run.code).toBe(1);
  });
});

describe('data that goes away, stores, export', () => {
  const hello: JourneyDefinitionInput = {
    name: 'vip hello', nodes: [{ id: 'entry', type: 'entry_past', segment: vip, next: 'hello' }, { id: 'hello', type: 'send_email', next: null }], goal,
  };

  it('a rolled-back upload disappears from the report, and the report says it changed then', async () => {
    await scenario.members([{ id: 'U1' }, { id: 'U2' }], t0 - day);
    const id = await scenario.journey(hello);
    await scenario.tick(t0);
    const batch = await scenario.purchases([{ user: 'U1', occurred: t0 + 12 * hour, amount: 800 }], t0 + day);
    const before = await report(id, t0 + day);
    expect(before.target).toMatchObject({ converted: 1, revenue: 800 });
    expect(before.last_changed_at).toBe(at(day));
    scenario.clock.set(t0 + 2 * day);
    await scenario.run(['rollback', String(batch)]);
    const after = await report(id, t0 + 2 * day + hour);
    expect(after.target).toMatchObject({ converted: 0, revenue: 0 });
    expect(after.last_changed_at).toBe(at(2 * day));
    expect((await runs(id)).map((run) => run.goal_at)).toEqual([null, null]);
  });

  it('an erased customer disappears from the report (runs, conversion and revenue), and the report says it changed then', async () => {
    await scenario.members([{ id: 'U1' }, { id: 'U2' }], t0 - day);
    const id = await scenario.journey(hello);
    await scenario.tick(t0);
    await scenario.purchases([{ user: 'U1', occurred: t0 + 12 * hour, amount: 800 }, { user: 'U2', occurred: t0 + 13 * hour, amount: 300 }], t0 + day);
    const before = await report(id, t0 + day);
    expect(before.target).toMatchObject({ entered: 2, converted: 2, revenue: 1100 });
    scenario.clock.set(t0 + 2 * day);
    await scenario.run(['erase', 'U1', '--yes']);
    const after = await report(id, t0 + 2 * day + hour);
    expect(after.target).toMatchObject({ entered: 1, converted: 1, revenue: 300 });
    expect(after.last_changed_at).toBe(at(2 * day));
    expect((await runs(id)).map((run) => run.user_id)).toEqual(['U2']);
    expect(await runs(id, ['--user', 'U1'])).toEqual([]);
  });

  it('by store (home store, else the store of the last purchase before entry), one store only, by week, and as CSV', async () => {
    await scenario.members([{ id: 'U1', homeStore: 'S02' }, { id: 'U2' }, { id: 'U3' }], t0 - 2 * day);
    await scenario.purchases([{ user: 'U2', occurred: t0 - 2 * day, store: 'S03' }, { user: 'U2', occurred: t0 - day, store: '=HYPERLINK("x")' }], t0 - day);
    const id = await scenario.journey(hello);
    await scenario.tick(t0);
    await scenario.purchases([{ user: 'U1', occurred: t0 + day, amount: 2500, store: 'S09' }, { user: 'U3', occurred: t0 + day, amount: -300 }], t0 + 2 * day);
    const all = await report(id, t0 + 2 * day, ['--by', 'week']);
    expect(Object.keys(all.by_store)).toEqual(['(none)', '=HYPERLINK("x")', 'S02']);
    expect(all.by_store.S02).toEqual({ target: { entered: 1, converted: 1, rate: 1, revenue: 2500, revenue_per_entrant: 2500 } });
    // A refund alone is still a goal event in the window: converted, with negative revenue.
    expect(all.by_store['(none)']).toEqual({ target: { entered: 1, converted: 1, rate: 1, revenue: -300, revenue_per_entrant: -300 } });
    expect(all.cohorts.map((cohort) => cohort.start)).toEqual(['2026-11-30', '2026-11-30', '2026-11-30']);
    const one = await report(id, t0 + 2 * day, ['--store', 'S02']);
    expect(one.target).toEqual({ entered: 1, converted: 1, rate: 1, revenue: 2500, revenue_per_entrant: 2500 });
    expect(Object.keys(one.by_store)).toEqual(['S02']);

    const file = path.join(dir, 'results.csv');
    const written = await report(id, t0 + 2 * day, ['--csv', file]) as unknown as { rows: number };
    expect(written.rows).toBe(3);
    expect(fs.readFileSync(file, 'utf8').split('\r\n')).toEqual([
      '\ufeffcohort_start,group,store,entered,converted,rate,revenue,revenue_per_entrant,provisional',
      '2026-12-01,target,(none),1,1,1,-300,-300,true',
      '2026-12-01,target,"\'=HYPERLINK(""x"")",1,0,0,0,0,true',
      '2026-12-01,target,S02,1,1,1,2500,2500,true',
      '',
    ]);
  });
});
