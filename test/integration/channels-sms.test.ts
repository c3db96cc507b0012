import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli } from '../helpers/run-cli.ts';
import { hour, JourneyScenario, t0 } from '../helpers/journey-scenario.ts';
import { startSmsTestGateway } from '../helpers/sms-test-gateway.ts';
import { useTempDir } from '../helpers/temp-dir.ts';

const tempDir = useTempDir();
let gateway: Awaited<ReturnType<typeof startSmsTestGateway>>;
let scenario: JourneyScenario;

const phones: Record<string, string> = { A: '+81 90 1000 0001', B: '+81 90 1000 0002', C: '+81 90 1000 0003', D: '+81 90 1000 0004', E: '+81 90 1000 0005', F: '+81 90 1000 0006' };
const e164 = (user: string) => phones[user]!.replace(/\s/g, '');

function messages(): Record<string, { status: string; attempts: number; last_error: string | null; provider_id: string | null; key: string }> {
  const db = new Database(scenario.db, { readonly: true });
  try {
    const rows = db.prepare('SELECT user_id, status, attempts, last_error, provider_id, idempotency_key AS key FROM messages ORDER BY user_id').all() as
      Array<{ user_id: string; status: string; attempts: number; last_error: string | null; provider_id: string | null; key: string }>;
    return Object.fromEntries(rows.map(({ user_id, ...rest }) => [user_id, rest]));
  } finally {
    db.close();
  }
}

beforeAll(async () => {
  gateway = await startSmsTestGateway({ dedupe: true });
  const dir = tempDir();
  scenario = new JourneyScenario(dir);
  await scenario.settings(['--zone', 'Asia/Tokyo', '--quiet-hours', 'off', '--cap', 'sms=10']);
  await scenario.members(Object.entries(phones).map(([id, phone]) => ({ id, phone })), t0 - hour);
  const credential = path.join(dir, 'gateway-credential');
  fs.writeFileSync(credential, 'Bearer gw-secret\n', { mode: 0o600 });
  const configured = await cli(['channels', 'sms', '--url', gateway.url, '--auth-value-file', credential, '--id-path', 'data.id', '--timeout-ms', '300', '--db', scenario.db], scenario.clock);
  expect(configured.code).toBe(0);
  gateway.script(e164('A'), []);
  const tested = await cli(['channels', 'test', 'sms', '--to', '090-9999-0000', '--db', scenario.db], scenario.clock);
  expect(tested.code, tested.stderr).toBe(0);
  expect(gateway.delivered.map((request) => request.body.to)).toEqual(['+819099990000']);
  await scenario.journey({
    name: 'sms',
    nodes: [
      { id: 'entry', type: 'entry_past', segment: { attributes: [{ key: 'tier', op: 'eq', value: 'VIP' }] }, next: 'text' },
      { id: 'text', type: 'send_sms', body: 'ご来店お待ちしております。VIP特典をご用意しました。', next: null },
    ],
  });
});

afterAll(async () => {
  await gateway?.close();
});

describe('SMS through an HTTP gateway', () => {
  it('ends each answer as specified: 200, 429 with Retry-After, 500, timeout, connection reset, 400', async () => {
    gateway.script(e164('B'), [{ status: 429, retryAfter: 120 }]);
    gateway.script(e164('C'), ['500']);
    gateway.script(e164('D'), ['timeout']);
    gateway.script(e164('E'), ['reset']);
    gateway.script(e164('F'), ['400']);
    await scenario.tick(t0);
    let state = messages();
    expect(state.A).toMatchObject({ status: 'sent', attempts: 1, provider_id: `gw-${state.A!.key}` });
    expect(state.B).toMatchObject({ status: 'scheduled', attempts: 1, last_error: expect.stringContaining('429') });
    expect(state.C).toMatchObject({ status: 'scheduled', attempts: 1, last_error: expect.stringContaining('500') });
    expect(state.D).toMatchObject({ status: 'scheduled', attempts: 1, last_error: expect.stringContaining('no answer within 300 ms') });
    expect(state.E).toMatchObject({ status: 'scheduled', attempts: 1 });
    expect(state.F).toMatchObject({ status: 'failed', attempts: 1, last_error: expect.stringContaining('400') });

    // Within the Retry-After window B is left alone; the others come back after their backoff.
    await scenario.tick(t0 + 90_000);
    state = messages();
    expect(state.B).toMatchObject({ status: 'scheduled', attempts: 1 });
    expect([state.C!.status, state.D!.status, state.E!.status]).toEqual(['sent', 'sent', 'sent']);
    await scenario.tick(t0 + 140_000);
    state = messages();
    expect(state.B).toMatchObject({ status: 'sent', attempts: 2 });

    // Every attempt of a message carried the same request id, and the gateway delivered each message once.
    for (const user of ['B', 'C', 'D', 'E']) {
      const attempts = gateway.requests.filter((request) => request.body.to === e164(user));
      expect(new Set(attempts.map((request) => request.requestId)), user).toEqual(new Set([state[user]!.key]));
      expect(attempts.every((request) => request.idempotencyKey === request.requestId && request.auth === 'Bearer gw-secret')).toBe(true);
    }
    const deliveredIds = gateway.delivered.map((request) => request.requestId);
    expect(new Set(deliveredIds).size).toBe(deliveredIds.length);
    expect(gateway.delivered.filter((request) => request.body.to !== '+819099990000').map((request) => request.body.to).sort()).toEqual(['A', 'B', 'C', 'D', 'E'].map(e164).sort());
    expect(gateway.delivered[1]!.body.text).toBe('ご来店お待ちしております。VIP特典をご用意しました。');
  });

  it('refuses at save time an SMS template longer than six parts, with the count', async () => {
    const file = path.join(path.dirname(scenario.db), 'long-sms.json');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(file, JSON.stringify({ name: 'long', nodes: [
      { id: 'entry', type: 'entry_past', segment: {}, next: 'text' },
      { id: 'text', type: 'send_sms', body: 'あ'.repeat(403), next: null },
    ] }));
    const run = await cli(['journey', 'create', file, '--db', scenario.db]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('node "text": the SMS text is 403 UCS-2 characters (7 parts); at most 6 parts (402 characters) can be sent');
  });
});
