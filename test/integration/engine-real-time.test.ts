import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { beforeEach, describe, expect, it } from 'vitest';
import type { JourneyDefinitionInput } from '../../shared/journey/definition.ts';
import { at, day, hour, JourneyScenario, t0 } from '../helpers/journey-scenario.ts';
import { cli } from '../helpers/run-cli.ts';
import { useTempDir } from '../helpers/temp-dir.ts';

const tempDir = useTempDir();
const purchase = { name: 'offline_purchase', is_offline: true };
const vip = { attributes: [{ key: 'tier', op: 'eq' as const, value: 'VIP' }] };
const minute = 60_000;

function welcome(name = 'vip welcome', extra: Partial<JourneyDefinitionInput> = {}): JourneyDefinitionInput {
  return { name, nodes: [{ id: 'entry', type: 'entry_past', segment: vip, next: 'hello' }, { id: 'hello', type: 'send_email', next: null }], ...extra };
}

let scenario: JourneyScenario;
let dir: string;

beforeEach(async () => {
  dir = tempDir();
  scenario = new JourneyScenario(dir);
  await scenario.settings(['--zone', 'UTC', '--quiet-hours', 'off', '--cap', 'email=10', '--cap', 'sms=10', '--stale', 'P30D']);
});

type OutboxRow = Awaited<ReturnType<JourneyScenario['outbox']>>[number];
const brief = (rows: OutboxRow[]) => rows.map(({ user_id, node, status, reason, due_at }) => [user_id, node, status, reason, due_at]);

describe('no hangs', () => {
  it('a daily reminder loop (delay until 10:00 → email → wait → back) comes back to 10:00 the next day, and the tick ends', async () => {
    await scenario.journey({
      name: 'daily reminder',
      nodes: [
        { id: 'entry', type: 'entry_past', segment: vip, next: 'at_ten' },
        { id: 'at_ten', type: 'delay', until: '10:00', next: 'remind' },
        { id: 'remind', type: 'send_email', next: 'wait' },
        // Times out at exactly 10:00 a day later: "until 10:00" then means the next day's 10:00.
        { id: 'wait', type: 'wait_for', event: purchase, timeout: 'P1D', matched: null, timed_out: 'at_ten' },
      ],
    });
    await scenario.members([{ id: 'U1' }], t0 - day);
    await scenario.tick(t0 + 6 * day);
    expect(brief(await scenario.outbox())).toEqual([
      ['U1', 'remind', 'sent', null, at(10 * hour)],
      ['U1', 'remind', 'sent', null, at(2 * day + 10 * hour)],
      ['U1', 'remind', 'sent', null, at(4 * day + 10 * hour)],
    ]);
  });

  it('refuses durations that would repeat at once: re-evaluation under 15 minutes, a cycle whose delay is under a minute', async () => {
    const refused = async (definition: JourneyDefinitionInput) => {
      const file = path.join(dir, 'journey.json');
      fs.writeFileSync(file, JSON.stringify(definition));
      const run = await cli(['journey', 'create', file, '--db', scenario.db]);
      return { code: run.code, message: run.stderr.trim() };
    };
    for (const every of ['PT0S', 'PT10M']) {
      expect(await refused(welcome('too often', { reevaluate_every: every }))).toEqual({ code: 1, message: expect.stringContaining('reevaluate_every: at least PT15M') });
    }
    const loop = (duration: string): JourneyDefinitionInput => ({
      name: 'loop',
      nodes: [
        { id: 'entry', type: 'entry_past', segment: vip, next: 'again' },
        { id: 'again', type: 'delay', duration, next: 'remind' },
        { id: 'remind', type: 'send_email', next: 'wait' },
        { id: 'wait', type: 'wait_for', event: purchase, timeout: 'PT0S', matched: null, timed_out: 'again' },
      ],
    });
    for (const duration of ['PT0S', 'PT30S']) {
      expect(await refused(loop(duration))).toEqual({ code: 1, message: expect.stringContaining('has no delay of at least PT1M: it would loop at once') });
    }
    expect((await refused(loop('PT1M'))).code).toBe(0);
    expect((await refused(welcome('every quarter hour', { reevaluate_every: 'PT15M' }))).code).toBe(0);
  });

  it('a stored definition that loops without waiting stops that run with an error; the tick goes on with everyone else', async () => {
    await scenario.members([{ id: 'U1' }], t0 - day);
    // Saved by a Shopfloor from before the minimum durations: its cycle's only delay is zero.
    const db = new Database(scenario.db);
    const looping = {
      name: 'old loop', reentry: { mode: 'once' }, schedule: {}, reevaluate_every: 'PT0S',
      nodes: [
        { id: 'entry', type: 'entry_past', segment: { attributes: vip.attributes.map((p) => ({ ...p, value: 'VIP' })), events: [] }, next: 'again' },
        { id: 'again', type: 'delay', duration: 'PT0S', next: 'remind' },
        { id: 'remind', type: 'send_email', next: 'again' },
      ],
    };
    const loopId = Number(db.prepare("INSERT INTO journeys (name, definition, state, activated_at, next_eval_at, created_at, updated_at) VALUES ('old loop', ?, 'active', ?, ?, ?, ?)")
      .run(JSON.stringify(looping), t0, t0, t0, t0).lastInsertRowid);
    db.close();
    const fine = await scenario.journey(welcome());

    await scenario.tick(t0 + day);
    const show = await scenario.run<{ stats: { errors: { runs: number; first: string } } }>(['journey', 'show', String(loopId)]);
    expect(show.stats.errors).toEqual({ runs: 1, first: expect.stringContaining('steps at one instant') });
    expect(scenario.runs(loopId).U1!.status).toBe('stopped');
    expect((await scenario.outbox(['--journey', String(fine)])).map(({ user_id, status }) => [user_id, status])).toEqual([['U1', 'sent']]);
    // A re-evaluation interval of zero saved before the minimum is read as the minimum: four a day, not endless.
    const evaluations = (await scenario.tick(t0 + 2 * day) as { journeys: Array<{ id: number; evaluations: number }> }).journeys;
    expect(evaluations.find((journey) => journey.id === loopId)!.evaluations).toBe(96);
  });
});

describe('catch-up reads the past as it was', () => {
  it('a customer upgraded to VIP on Dec 3 enters at the first evaluation after the upgrade, in the engine and in the preview', async () => {
    await scenario.members([{ id: 'U1', tier: 'Gold' }, { id: 'U2' }], t0 - day);
    const id = await scenario.journey(welcome());
    await scenario.tick(t0);
    // The app is closed from Dec 1; the upgrade is uploaded on Dec 3 at 09:00; the app opens on Dec 5.
    await scenario.members([{ id: 'U1', tier: 'VIP' }], t0 + 2 * day + 9 * hour);
    const preview = await scenario.run<{ messages: Array<{ user_id: string; at: string }> }>(['journey', 'preview', String(id), '--from', at(0), '--days', '4']);
    await scenario.tick(t0 + 4 * day);
    expect((await scenario.outbox()).map(({ user_id, due_at }) => [user_id, due_at])).toEqual([['U2', at(0)], ['U1', at(2 * day + 12 * hour)]]);
    expect(preview.messages.map(({ user_id, at: when }) => [user_id, when])).toEqual([['U2', at(0)], ['U1', at(2 * day + 12 * hour)]]);
  });

  it('counts daily caps by the day a message was due, and across journeys in the order things happened', async () => {
    await scenario.settings(['--cap', 'email=1']);
    await scenario.members([{ id: 'U1' }], t0 - day);
    const monday = await scenario.journey(welcome('due monday'), t0 + 20 * hour);
    const tuesday = await scenario.journey(welcome('due tuesday'), t0 + day + hour);
    // Journey 3 (created later) fires before journey 4 on Tuesday: the cap goes to the earlier one.
    const late = await scenario.journey(welcome('tuesday 3 am'), t0 + day + 3 * hour);
    const early = await scenario.journey(welcome('tuesday 2 am'), t0 + day + 2 * hour);
    // The app was closed from Monday evening: one catch-up on Tuesday.
    await scenario.tick(t0 + day + 4 * hour);
    const of = async (journey: number) => (await scenario.outbox(['--journey', String(journey)])).map(({ status, reason }) => [status, reason]);
    // Monday's overdue email, sent on Tuesday, does not use up Tuesday's cap.
    expect(await of(monday)).toEqual([['sent', null]]);
    expect(await of(tuesday)).toEqual([['sent', null]]);
    expect(await of(early)).toEqual([['skipped', 'frequency_cap']]);
    expect(await of(late)).toEqual([['skipped', 'frequency_cap']]);
  });
});

describe('pause, exit, schedule and entries', () => {
  it('a paused journey sends nothing, not even what was already scheduled; on resume the stale rule applies', async () => {
    await scenario.settings(['--quiet-hours', '21:00-09:00', '--stale', 'PT24H']);
    await scenario.members([{ id: 'U1' }, { id: 'U2' }], t0 - day);
    const id = await scenario.journey(welcome(), t0 + 22 * hour);
    await scenario.tick(t0 + 22 * hour);
    await scenario.journeyCommand('pause', id, t0 + 23 * hour);
    await scenario.tick(t0 + day + 10 * hour);
    expect(brief(await scenario.outbox())).toEqual([
      ['U1', 'hello', 'scheduled', 'quiet_hours', at(day + 9 * hour)],
      ['U2', 'hello', 'scheduled', 'quiet_hours', at(day + 9 * hour)],
    ]);
    await scenario.journeyCommand('activate', id, t0 + day + 11 * hour);
    await scenario.tick(t0 + day + 11 * hour);
    expect((await scenario.outbox()).map(({ status }) => status)).toEqual(['sent', 'sent']);

    const later = await scenario.journey(welcome('resumed too late'), t0 + 2 * day + 22 * hour);
    await scenario.tick(t0 + 2 * day + 22 * hour);
    await scenario.journeyCommand('pause', later, t0 + 2 * day + 23 * hour);
    await scenario.journeyCommand('activate', later, t0 + 4 * day + 12 * hour);
    await scenario.tick(t0 + 4 * day + 12 * hour);
    expect((await scenario.outbox(['--journey', String(later)])).map(({ status, reason }) => [status, reason])).toEqual([['skipped', 'stale'], ['skipped', 'stale']]);
  });

  it('while paused nobody enters: a resumed past condition evaluates once at the resume; triggers uploaded during the pause do not enter', async () => {
    await scenario.members([{ id: 'U1' }], t0 - day);
    const past = await scenario.journey(welcome());
    const live = await scenario.journey({ name: 'thanks', nodes: [{ id: 'entry', type: 'entry_event', event: purchase, next: 'thanks' }, { id: 'thanks', type: 'send_email', next: null }] });
    await scenario.tick(t0);
    await scenario.journeyCommand('pause', past, t0 + hour);
    await scenario.journeyCommand('pause', live, t0 + hour);
    await scenario.members([{ id: 'U2' }], t0 + 2 * hour);
    await scenario.purchases([{ user: 'U1', occurred: t0 + 2 * hour }], t0 + 3 * hour);
    await scenario.journeyCommand('activate', past, t0 + 9 * hour);
    await scenario.journeyCommand('activate', live, t0 + 9 * hour);
    await scenario.purchases([{ user: 'U2', occurred: t0 + 4 * hour }], t0 + 10 * hour);
    await scenario.tick(t0 + 11 * hour);
    expect((await scenario.outbox(['--journey', String(past)])).map(({ user_id, due_at }) => [user_id, due_at])).toEqual([['U1', at(0)], ['U2', at(9 * hour)]]);
    expect((await scenario.outbox(['--journey', String(live)])).map(({ user_id, due_at }) => [user_id, due_at])).toEqual([['U2', at(10 * hour)]]);
  });

  it('a run leaves a send node when its message goes out: a delay after a send deferred by quiet hours counts from the real send', async () => {
    await scenario.settings(['--quiet-hours', '21:00-09:00']);
    await scenario.members([{ id: 'U1' }], t0 - day);
    await scenario.journey({
      name: 'email then text',
      nodes: [
        { id: 'entry', type: 'entry_past', segment: vip, next: 'hello' },
        { id: 'hello', type: 'send_email', next: 'hour' },
        { id: 'hour', type: 'delay', duration: 'PT1H', next: 'text' },
        { id: 'text', type: 'send_sms', next: null },
      ],
    }, t0 + 22 * hour);
    await scenario.tick(t0 + day + 12 * hour);
    expect(brief(await scenario.outbox())).toEqual([
      ['U1', 'hello', 'sent', 'quiet_hours', at(day + 9 * hour)],
      ['U1', 'text', 'sent', null, at(day + 10 * hour)],
    ]);
  });

  it('exit cancels every message of the run not yet dispatched, including one already due', async () => {
    await scenario.members([{ id: 'U1' }], t0 - day);
    await scenario.journey({
      name: 'exit',
      nodes: [
        { id: 'entry', type: 'entry_past', segment: vip, next: 'hello' },
        { id: 'hello', type: 'send_email', next: 'later' },
        { id: 'later', type: 'delay', duration: 'P1D', next: null },
      ],
      exit: { event: purchase },
    }, t0 + 9 * hour);
    await scenario.purchases([{ user: 'U1', occurred: t0 + 9 * hour + 10 * minute }], t0 + 9 * hour + 20 * minute);
    // One tick at 09:30 sees the 09:00 email (due, not yet sent) and the exit at 09:20.
    await scenario.tick(t0 + 9 * hour + 30 * minute);
    expect(brief(await scenario.outbox())).toEqual([['U1', 'hello', 'cancelled', 'exit', at(9 * hour)]]);
  });

  it('schedule.start bounds real-time triggers: the event must occur at or after it; after schedule.end nobody enters and runs inside finish', async () => {
    await scenario.members([{ id: 'U1' }, { id: 'U2' }, { id: 'U3' }], t0 - day);
    const id = await scenario.journey({
      name: 'campaign week',
      nodes: [
        { id: 'entry', type: 'entry_event', event: purchase, next: 'thanks' },
        { id: 'thanks', type: 'send_email', next: 'later' },
        { id: 'later', type: 'delay', duration: 'P2D', next: 'again' },
        { id: 'again', type: 'send_email', next: null },
      ],
      schedule: { start: at(day), end: at(3 * day) },
    });
    await scenario.purchases([
      { user: 'U1', occurred: t0 + 20 * hour }, // before the start, uploaded after it
      { user: 'U2', occurred: t0 + day }, // exactly at the start
    ], t0 + day + 2 * hour);
    await scenario.purchases([{ user: 'U3', occurred: t0 + 2 * day + 23 * hour }], t0 + 3 * day + hour); // uploaded after the end
    await scenario.tick(t0 + 6 * day);
    expect((await scenario.outbox()).map(({ user_id, node, due_at }) => [user_id, node, due_at])).toEqual([
      ['U2', 'thanks', at(day + 2 * hour)],
      ['U2', 'again', at(3 * day + 2 * hour)],
    ]);
    expect(scenario.runs(id).U2).toEqual({ node: null, status: 'completed', goal: false });
  });

  it('one receipt is one entry: lines of one purchase at the same time enter once, even with unlimited re-entry', async () => {
    await scenario.members([{ id: 'U1' }], t0 - day);
    const id = await scenario.journey({
      name: 'per purchase',
      nodes: [{ id: 'entry', type: 'entry_event', event: purchase, next: 'thanks' }, { id: 'thanks', type: 'send_email', next: null }],
      reentry: { mode: 'unlimited', min_interval: 'PT0S' },
    });
    await scenario.purchases([
      { user: 'U1', occurred: t0 + hour, receipt: 'R1', line: '1' },
      { user: 'U1', occurred: t0 + hour, receipt: 'R1', line: '2' },
      { user: 'U1', occurred: t0 + hour, receipt: 'R1', line: '3' },
      { user: 'U1', occurred: t0 + 2 * hour, receipt: 'R2', line: '1' },
    ], t0 + 3 * hour);
    await scenario.tick(t0 + 4 * hour);
    expect(scenario.runCount(id, 'U1')).toBe(2);
  });

  it('boundaries are inclusive: an event exactly at the timeout, uploaded exactly at timeout + grace, and a goal exactly at the window end count', async () => {
    await scenario.members([{ id: 'U1' }, { id: 'U2' }], t0 - day);
    const id = await scenario.journey({
      name: 'edges',
      nodes: [
        { id: 'entry', type: 'entry_past', segment: vip, next: 'wait' },
        { id: 'wait', type: 'wait_for', event: purchase, timeout: 'P1D', grace: 'PT12H', matched: 'thanks', timed_out: null },
        { id: 'thanks', type: 'send_email', next: null },
      ],
      goal: { event: purchase, window: 'P3D' },
    });
    await scenario.tick(t0);
    await scenario.purchases([{ user: 'U1', occurred: t0 + day }], t0 + day + 12 * hour);
    await scenario.purchases([{ user: 'U2', occurred: t0 + 3 * day }], t0 + 3 * day + hour);
    await scenario.tick(t0 + 4 * day);
    expect(scenario.runs(id)).toEqual({
      U1: { node: null, status: 'completed', goal: true },
      U2: { node: null, status: 'completed', goal: true },
    });
    expect((await scenario.outbox()).map(({ user_id, node }) => [user_id, node])).toEqual([['U1', 'thanks']]);
  });
});

describe('local times across daylight saving', () => {
  it('America/New_York: quiet hours and "until 09:00" keep 09:00 after the clocks change', async () => {
    await scenario.settings(['--zone', 'America/New_York', '--quiet-hours', '21:00-09:00']);
    const eve = Date.parse('2026-03-08T03:00:00Z'); // 22:00 EST on March 7; summer time starts at 02:00
    await scenario.members([{ id: 'U1' }], eve - day);
    await scenario.journey({
      name: 'dst',
      nodes: [
        { id: 'entry', type: 'entry_past', segment: vip, next: 'hello' },
        { id: 'hello', type: 'send_email', next: 'nine' },
        { id: 'nine', type: 'delay', until: '09:00', next: 'again' },
        { id: 'again', type: 'send_email', next: null },
      ],
    }, eve);
    await scenario.tick(eve + 3 * day);
    expect((await scenario.outbox()).map(({ node, due_at }) => [node, due_at])).toEqual([
      ['hello', '2026-03-08T13:00:00.000Z'], // 09:00 EDT
      ['again', '2026-03-09T13:00:00.000Z'],
    ]);
  });
});

describe('the journey check', () => {
  it('reports an in-app message after an offline trigger as an error with its fix, instead of refusing the file; its fixes converge', async () => {
    const file = path.join(dir, 'in-app.json');
    fs.writeFileSync(file, JSON.stringify({
      name: 'thank in the app',
      nodes: [{ id: 'entry', type: 'entry_event', event: purchase, next: 'thanks' }, { id: 'thanks', type: 'send_in_app', next: null }],
    }));
    const run = await cli(['journey', 'check', file, '--lag', 'PT30H', '--db', scenario.db, '--json']);
    expect(run.code, run.stderr).toBe(0);
    const { warnings } = JSON.parse(run.stdout) as { warnings: Array<{ code: string; severity: string; fix: { operations: unknown[] } | null }> };
    expect(warnings.map(({ code, severity }) => [code, severity])).toEqual([
      ['offline_trigger_in_app_or_web', 'error'], ['offline_realtime_trigger_delayed', 'warning'],
    ]);
    expect(warnings.every((warning) => warning.fix !== null)).toBe(true);
    // Saving it is still refused: the check is where it can be fixed.
    expect((await cli(['journey', 'create', file, '--db', scenario.db])).code).toBe(1);
  });
});

describe('the command line at a chosen time', () => {
  it('--now is honoured by every command and refused before the last commit; bad times are a bad command line (exit 2)', async () => {
    const members = path.join(dir, 'members.csv');
    fs.writeFileSync(members, 'Member ID,Tier,Email,Email Opt In\nU1,VIP,u1@example.com,yes\n');
    const db = ['--db', scenario.db];
    const json = async (args: string[]) => {
      const run = await cli([...args, ...db, '--json']);
      expect(run.code, run.stderr).toBe(0);
      return JSON.parse(run.stdout) as Record<string, unknown>;
    };
    await json(['import', members, '--kind', 'members', '--commit', '--now', '2026-12-01T09:00:00+09:00']);
    expect((await json(['batches'])).batches).toEqual([expect.objectContaining({ committed_at: '2026-12-01T00:00:00.000Z' })]);
    const file = path.join(dir, 'welcome.json');
    fs.writeFileSync(file, JSON.stringify(welcome()));
    const created = await json(['journey', 'create', file, '--now=2026-12-01T01:00:00Z']);
    expect(created.created_at).toBe('2026-12-01T01:00:00.000Z');
    expect((await json(['journey', 'activate', String(created.id), '--now', '2026-12-01T02:00:00Z'])).activated_at).toBe('2026-12-01T02:00:00.000Z');
    expect((await json(['--now', '2026-12-01T03:00:00Z', 'journey', 'pause', String(created.id)])).paused_at).toBe('2026-12-01T03:00:00.000Z');

    const early = await cli(['batches', ...db, '--now', '2026-11-30T23:00:00Z']);
    expect([early.code, early.stderr.trim()]).toEqual([2, "shopfloor: --now 2026-11-30T23:00:00.000Z is before the store's last commit (2026-12-01T00:00:00.000Z): give a later time"]);
    for (const args of [['batches', '--now', 'tomorrow'], ['batches', '--now'], ['engine', 'tick', '--now', '2026-12-01 10:00'], ['journey', 'activate', '1', '--at', 'soon']]) {
      const run = await cli([...args, ...db]);
      expect([args.join(' '), run.code]).toEqual([args.join(' '), 2]);
      expect(run.stderr).toMatch(/needs an ISO 8601 time with an offset/);
    }
    await json(['journey', 'stop', String(created.id), '--now', '2026-12-01T04:00:00Z']);
    const update = await cli(['journey', 'update', String(created.id), file, ...db]);
    expect([update.code, update.stderr.trim()]).toEqual([1, `shopfloor: journey ${String(created.id)} is stopped and cannot change; create a new journey from its definition`]);
  });
});
