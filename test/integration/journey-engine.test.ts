import { beforeEach, describe, expect, it } from 'vitest';
import type { JourneyDefinitionInput } from '../../shared/journey/definition.ts';
import { at, day, hour, JourneyScenario, t0 } from '../helpers/journey-scenario.ts';
import { useTempDir } from '../helpers/temp-dir.ts';

const tempDir = useTempDir();
const purchase = { name: 'offline_purchase', is_offline: true };
const vip = { attributes: [{ key: 'tier', op: 'eq' as const, value: 'VIP' }] };

function waitJourney(grace?: string): JourneyDefinitionInput {
  return {
    name: grace ? 'wait with grace' : 'wait without grace',
    nodes: [
      { id: 'entry', type: 'entry_past', segment: vip, next: 'wait' },
      { id: 'wait', type: 'wait_for', event: purchase, timeout: 'P7D', ...(grace ? { grace } : {}), matched: 'thanks', timed_out: 'nudge' },
      { id: 'thanks', type: 'send_email', next: null },
      { id: 'nudge', type: 'send_email', next: 'later' },
      { id: 'later', type: 'delay', duration: 'P3D', next: 'sms' },
      { id: 'sms', type: 'send_sms', next: null },
    ],
    exit: { event: purchase },
  };
}

let scenario: JourneyScenario;

beforeEach(async () => {
  scenario = new JourneyScenario(tempDir());
  await scenario.settings(['--zone', 'UTC', '--quiet-hours', 'off', '--cap', 'email=10', '--cap', 'sms=10', '--stale', 'P30D']);
});

describe('journey engine semantics, on a manual clock', () => {
  it('real-time offline trigger: never for an event before activation; at its upload, not before, for one after', async () => {
    const id = await scenario.journey({
      name: 'thank on purchase',
      nodes: [{ id: 'entry', type: 'entry_event', event: purchase, next: 'thanks' }, { id: 'thanks', type: 'send_email', next: null }],
    });
    await scenario.members([{ id: 'U1' }, { id: 'U2' }], t0 - day);
    await scenario.tick(t0 + 19 * hour);
    await scenario.purchases([{ user: 'U1', occurred: t0 - 2 * hour }, { user: 'U2', occurred: t0 + hour }], t0 + 20 * hour);
    expect(scenario.runs(id)).toEqual({});
    await scenario.tick(t0 + 21 * hour);
    expect(Object.keys(scenario.runs(id))).toEqual(['U2']);
    expect(await scenario.outbox()).toEqual([expect.objectContaining({ user_id: 'U2', node: 'thanks', due_at: at(20 * hour), status: 'sent' })]);
  });

  it('wait with grace: in time but uploaded during the grace matches at upload; too late or after T does not', async () => {
    const id = await scenario.journey(waitJourney('P1D'));
    await scenario.members([{ id: 'A' }, { id: 'B' }, { id: 'C' }, { id: 'D' }], t0 - day);
    await scenario.tick(t0);
    await scenario.purchases([{ user: 'C', occurred: t0 + 7 * day + hour }], t0 + 7 * day + 5 * hour);
    await scenario.purchases([{ user: 'A', occurred: t0 + 6 * day }], t0 + 7 * day + 12 * hour);
    await scenario.tick(t0 + 7 * day + 12 * hour);
    await scenario.purchases([{ user: 'B', occurred: t0 + 6 * day }], t0 + 8 * day + 2 * hour);
    await scenario.tick(t0 + 12 * day);

    expect(scenario.runs(id)).toEqual({
      A: { node: null, status: 'completed', goal: false },
      B: { node: 'later', status: 'exited', goal: false },
      C: { node: 'wait', status: 'exited', goal: false },
      D: { node: null, status: 'completed', goal: false },
    });
    const outbox = await scenario.outbox();
    expect(outbox.map(({ user_id, node, due_at }) => [user_id, node, due_at])).toEqual([
      ['A', 'thanks', at(7 * day + 12 * hour)],
      ['B', 'nudge', at(8 * day)],
      ['D', 'nudge', at(8 * day)],
      ['D', 'sms', at(11 * day)],
    ]);
  });

  it('wait without grace: the same late upload goes down Timeout, and the exit rule takes the user out when it arrives', async () => {
    const id = await scenario.journey(waitJourney());
    await scenario.members([{ id: 'A' }], t0 - day);
    await scenario.tick(t0);
    await scenario.purchases([{ user: 'A', occurred: t0 + 6 * day }], t0 + 7 * day + 12 * hour);
    await scenario.tick(t0 + 12 * day);
    expect(scenario.runs(id)).toEqual({ A: { node: 'later', status: 'exited', goal: false } });
    expect((await scenario.outbox()).map(({ node, due_at }) => [node, due_at])).toEqual([['nudge', at(7 * day)]]);
    expect(scenario.trace(id, 'A').at(-1)).toMatch(/^later: exited \(exit rule: offline_purchase occurred/);
  });

  it('a check sees only what was uploaded when it runs', async () => {
    const id = await scenario.journey({
      name: 'check',
      nodes: [
        { id: 'entry', type: 'entry_past', segment: vip, next: 'bought' },
        { id: 'bought', type: 'check', condition: { events: [{ event: purchase, in_last: 'P7D' }] }, yes: 'yes_mail', no: 'no_mail' },
        { id: 'yes_mail', type: 'send_email', next: null },
        { id: 'no_mail', type: 'send_email', next: null },
      ],
    });
    await scenario.members([{ id: 'U1' }, { id: 'U2' }], t0 - 3 * day);
    await scenario.purchases([{ user: 'U2', occurred: t0 - 2 * day }], t0 - hour);
    await scenario.purchases([{ user: 'U1', occurred: t0 - day }], t0 + hour);
    await scenario.tick(t0 + 2 * hour);
    expect((await scenario.outbox()).map(({ user_id, node }) => [user_id, node])).toEqual([['U1', 'no_mail'], ['U2', 'yes_mail']]);
    expect(scenario.trace(id, 'U1')).toContain(`bought: check: no (on data uploaded by ${at(0)})`);
  });

  it('counts a goal by when it occurred, within the window, whenever it is uploaded', async () => {
    const id = await scenario.journey({
      name: 'goal',
      nodes: [
        { id: 'entry', type: 'entry_past', segment: vip, next: 'wait' },
        { id: 'wait', type: 'wait_for', event: { name: 'page_view', is_offline: false }, timeout: 'P2D', matched: null, timed_out: 'nudge' },
        { id: 'nudge', type: 'send_email', next: null },
      ],
      goal: { event: purchase, window: 'P7D' },
    });
    await scenario.members([{ id: 'U1' }, { id: 'U2' }], t0 - day);
    await scenario.tick(t0 + 3 * day);
    expect(scenario.runs(id).U1).toEqual({ node: null, status: 'completed', goal: false });
    await scenario.purchases([{ user: 'U1', occurred: t0 + 5 * day }, { user: 'U2', occurred: t0 + 8 * day }], t0 + 9 * day);
    await scenario.tick(t0 + 9 * day);
    expect(scenario.runs(id)).toEqual({
      U1: { node: null, status: 'completed', goal: true },
      U2: { node: null, status: 'completed', goal: false },
    });
  });

  it('exit cancels the messages still to be sent, not those already out', async () => {
    await scenario.settings(['--quiet-hours', '00:00-12:00']);
    const id = await scenario.journey({
      name: 'exit',
      nodes: [
        { id: 'entry', type: 'entry_past', segment: vip, next: 'hello' },
        { id: 'hello', type: 'send_email', next: 'pause' },
        { id: 'pause', type: 'delay', duration: 'P1D', next: null },
      ],
      exit: { event: purchase },
    });
    await scenario.members([{ id: 'U1' }, { id: 'U2' }], t0 - day);
    await scenario.tick(t0);
    await scenario.purchases([{ user: 'U1', occurred: t0 + hour }], t0 + 2 * hour);
    await scenario.tick(t0 + 13 * hour);
    expect((await scenario.outbox()).map(({ user_id, status, reason, due_at }) => [user_id, status, reason, due_at])).toEqual([
      ['U1', 'cancelled', 'exit', at(12 * hour)],
      ['U2', 'sent', 'quiet_hours', at(12 * hour)],
    ]);
    expect(scenario.runs(id).U1!.status).toBe('exited');
  });

  it('re-entry: once, up to N times with a minimum interval, or unlimited', async () => {
    const journey = (reentry: JourneyDefinitionInput['reentry']): JourneyDefinitionInput => ({
      name: `reentry ${reentry?.mode}`,
      nodes: [{ id: 'entry', type: 'entry_past', segment: vip, next: 'hello' }, { id: 'hello', type: 'send_email', next: null }],
      reentry,
    });
    const once = await scenario.journey(journey({ mode: 'once' }));
    const twice = await scenario.journey(journey({ mode: 'limited', max: 2, min_interval: 'P2D' }));
    const daily = await scenario.journey(journey({ mode: 'unlimited', min_interval: 'P1D' }));
    await scenario.members([{ id: 'U1' }], t0 - day);
    for (let time = t0; time <= t0 + 3 * day; time += 6 * hour) await scenario.tick(time);
    expect([scenario.runCount(once, 'U1'), scenario.runCount(twice, 'U1'), scenario.runCount(daily, 'U1')]).toEqual([1, 2, 4]);
  });

  it('pause holds timers; on resume those that fell due run in order; stop ends runs and cancels messages', async () => {
    const id = await scenario.journey(waitJourney());
    await scenario.members([{ id: 'U1' }], t0 - day);
    await scenario.tick(t0);
    await scenario.members([{ id: 'U2' }], t0 + 5 * hour);
    await scenario.tick(t0 + 6 * hour);
    scenario.clock.set(t0 + day);
    await scenario.run(['journey', 'pause', String(id)]);
    await scenario.tick(t0 + 9 * day);
    expect(await scenario.outbox()).toEqual([]);
    await scenario.run(['journey', 'activate', String(id)]);
    await scenario.tick(t0 + 9 * day);
    const nudges = (await scenario.outbox()).filter((message) => message.node === 'nudge');
    expect(nudges.map(({ user_id, due_at }) => [user_id, due_at])).toEqual([['U1', at(7 * day)], ['U2', at(7 * day + 6 * hour)]]);
    expect(scenario.runs(id)).toEqual({ U1: { node: 'later', status: 'active', goal: false }, U2: { node: 'later', status: 'active', goal: false } });

    const stopped = await scenario.run<{ runs_stopped: number }>(['journey', 'stop', String(id)]);
    expect(stopped.runs_stopped).toBe(2);
    await scenario.tick(t0 + 20 * day);
    expect((await scenario.outbox()).filter((message) => message.node === 'sms')).toEqual([]);
    expect(scenario.runs(id).U1!.status).toBe('stopped');
  });

  it('re-evaluates a past condition on its interval: a VIP uploaded after activation enters later', async () => {
    const id = await scenario.journey({
      name: 'vip welcome',
      nodes: [{ id: 'entry', type: 'entry_past', segment: vip, next: 'hello' }, { id: 'hello', type: 'send_email', next: null }],
    });
    await scenario.members([{ id: 'U1' }], t0 - day);
    await scenario.tick(t0 + hour);
    await scenario.members([{ id: 'U2' }, { id: 'U3', tier: 'Gold' }], t0 + 7 * hour);
    await scenario.tick(t0 + 11 * hour);
    expect(Object.keys(scenario.runs(id))).toEqual(['U1']);
    await scenario.tick(t0 + 12 * hour);
    expect((await scenario.outbox()).map(({ user_id, due_at }) => [user_id, due_at])).toEqual([['U1', at(0)], ['U2', at(12 * hour)]]);
  });

  it('honours quiet hours in the store zone, consent, daily caps and the stale limit', async () => {
    await scenario.settings(['--zone', 'Asia/Tokyo', '--quiet-hours', '21:00-09:00', '--cap', 'email=1', '--stale', 'PT24H']);
    const activation = Date.parse('2026-12-01T13:00:00Z'); // 22:00 in Tokyo
    const id = await scenario.journey({
      name: 'rules',
      nodes: [
        { id: 'entry', type: 'entry_past', segment: vip, next: 'first' },
        { id: 'first', type: 'send_email', next: 'second' },
        { id: 'second', type: 'send_email', next: 'text' },
        { id: 'text', type: 'send_sms', next: null },
      ],
    }, activation);
    await scenario.members([{ id: 'U1' }, { id: 'U2', emailOptIn: false, smsOptIn: false }], activation - day);
    await scenario.tick(activation);
    const outbox = await scenario.outbox();
    expect(outbox.map(({ user_id, node, status, reason, due_at }) => [user_id, node, status, reason, due_at])).toEqual([
      // U1 waits at "first" until its email goes out at 09:00: the rest of the journey counts from the real send.
      ['U1', 'first', 'scheduled', 'quiet_hours', '2026-12-02T00:00:00.000Z'],
      ['U2', 'first', 'skipped', 'no_consent', '2026-12-02T00:00:00.000Z'],
      ['U2', 'second', 'skipped', 'no_consent', '2026-12-02T00:00:00.000Z'],
      ['U2', 'text', 'skipped', 'no_consent', '2026-12-02T00:00:00.000Z'],
    ]);
    // The app was closed for two days: what fell due is not blasted out late.
    await scenario.tick(Date.parse('2026-12-04T01:00:00Z'));
    expect((await scenario.outbox(['--user', 'U1', '--status', 'skipped'])).map(({ node, reason }) => [node, reason]).sort()).toEqual([
      ['first', 'stale'], ['second', 'frequency_cap'], ['text', 'stale'],
    ]);
    expect(scenario.runs(id).U1).toEqual({ node: null, status: 'completed', goal: false });
  });
});
