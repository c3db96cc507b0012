import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toDelimited, writeEncoded } from '../fixtures/pos-csv.ts';
import { sleep } from '../helpers/child-cli.ts';
import { cli } from '../helpers/run-cli.ts';
import { hour, JourneyScenario, t0 } from '../helpers/journey-scenario.ts';
import { startSmsTestGateway } from '../helpers/sms-test-gateway.ts';
import { useTempDir } from '../helpers/temp-dir.ts';

const tempDir = useTempDir();
const COUNT = 40;
const phone = (index: number) => `+8190${10_000_000 + index}`;
let gateway: Awaited<ReturnType<typeof startSmsTestGateway>>;

beforeAll(async () => {
  gateway = await startSmsTestGateway();
});

afterAll(async () => {
  await gateway?.close();
});

function statuses(db: string): Record<string, string> {
  const connection = new Database(db, { readonly: true });
  try {
    return Object.fromEntries((connection.prepare('SELECT user_id, status FROM messages').all() as Array<{ user_id: string; status: string }>).map((row) => [row.user_id, row.status]));
  } finally {
    connection.close();
  }
}

describe('the sending window', () => {
  it('refills each free slot as its answer arrives: one slow send holds up no other, and at most 8 are ever out', async () => {
    const dir = tempDir();
    const scenario = new JourneyScenario(dir);
    await scenario.settings(['--zone', 'UTC', '--quiet-hours', 'off']);
    const members = path.join(dir, 'members.csv');
    writeEncoded(members, toDelimited([['Member ID', 'Tier', 'Phone', 'SMS Opt In'], ...Array.from({ length: COUNT }, (_, index) => [`M${index}`, 'VIP', phone(index), 'yes'])]), 'utf-8');
    scenario.clock.set(t0 - hour);
    await scenario.run(['import', members, '--commit']);
    expect((await cli(['channels', 'sms', '--url', gateway.url, '--timeout-ms', '120000', '--db', scenario.db], scenario.clock)).code).toBe(0);
    expect((await cli(['channels', 'test', 'sms', '--to', '+819099990000', '--db', scenario.db], scenario.clock)).code).toBe(0);
    await scenario.journey({ name: 'blast', nodes: [{ id: 'entry', type: 'entry_past', segment: {}, next: 'text' }, { id: 'text', type: 'send_sms', body: 'Hello', next: null }] });
    const before = gateway.requests.length;
    // The first member's gateway answer is held back until the others are through.
    gateway.script(phone(0), ['hold']);

    const ticking = scenario.tick(t0);
    try {
      for (let wait = 0; wait < 1500 && gateway.requests.length - before < COUNT; wait++) await sleep(10);
      expect(gateway.requests.length - before).toBe(COUNT);
      // The others were recorded as sent as their answers came, while M0's attempt is still out.
      for (let wait = 0; wait < 500 && Object.values(statuses(scenario.db)).filter((status) => status === 'sent').length < COUNT - 1; wait++) await sleep(10);
      const during = statuses(scenario.db);
      expect(during.M0).toBe('sending');
      expect(Object.values(during).filter((status) => status === 'sent')).toHaveLength(COUNT - 1);
    } finally {
      gateway.release();
    }
    await ticking;
    expect(Object.values(statuses(scenario.db)).filter((status) => status === 'sent')).toHaveLength(COUNT);
    expect(gateway.maxOutstanding()).toBeLessThanOrEqual(8);
    const delivered = gateway.delivered.slice(1).map((request) => request.requestId);
    expect(new Set(delivered).size).toBe(COUNT);
    // Keys ordered by time, in the order the attempts were recorded (the key index is appended to), yet unguessable (UUIDv7).
    const connection = new Database(scenario.db, { readonly: true });
    try {
      const keys = connection.prepare('SELECT idempotency_key FROM messages ORDER BY id').pluck().all() as string[];
      expect(keys).toHaveLength(COUNT);
      for (const key of keys) expect(key).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect([...keys].sort()).toEqual(keys);
    } finally {
      connection.close();
    }
  });
});
