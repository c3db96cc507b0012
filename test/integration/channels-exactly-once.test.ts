import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toDelimited, writeEncoded } from '../fixtures/pos-csv.ts';
import { sleep, startCli } from '../helpers/child-cli.ts';
import { cli, repoRoot } from '../helpers/run-cli.ts';
import { at, hour, JourneyScenario, t0 } from '../helpers/journey-scenario.ts';
import { startSmsTestGateway } from '../helpers/sms-test-gateway.ts';
import { useTempDir } from '../helpers/temp-dir.ts';

const tempDir = useTempDir();
const COUNT = 1000;
let gateway: Awaited<ReturnType<typeof startSmsTestGateway>>;

beforeAll(async () => {
  // No de-duplication here: if the dispatcher ever sent a message twice, the gateway would deliver it twice.
  gateway = await startSmsTestGateway({ delayMs: 15 });
});

afterAll(async () => {
  await gateway?.close();
});

function counts(db: string): Record<string, number> {
  const connection = new Database(db, { readonly: true });
  try {
    return Object.fromEntries((connection.prepare('SELECT status, count(*) AS n FROM messages GROUP BY status').all() as Array<{ status: string; n: number }>).map((row) => [row.status, row.n]));
  } finally {
    connection.close();
  }
}

/** A store with COUNT members and an active journey texting each of them once, over the test gateway. */
async function blastScenario(): Promise<JourneyScenario> {
  const dir = tempDir();
  const scenario = new JourneyScenario(dir);
  await scenario.settings(['--zone', 'UTC', '--quiet-hours', 'off', '--cap', 'sms=10']);
  const members = path.join(dir, 'members.csv');
  writeEncoded(members, toDelimited([['Member ID', 'Tier', 'Phone', 'SMS Opt In'],
    ...Array.from({ length: COUNT }, (_, index) => [`M${index}`, 'VIP', `+8190${String(10_000_000 + index)}`, 'yes'])]), 'utf-8');
  scenario.clock.set(t0 - hour);
  await scenario.run(['import', members, '--commit']);
  expect((await cli(['channels', 'sms', '--url', gateway.url, '--db', scenario.db], scenario.clock)).code).toBe(0);
  expect((await cli(['channels', 'test', 'sms', '--to', '+819099990000', '--db', scenario.db], scenario.clock)).code).toBe(0);
  await scenario.journey({
    name: 'blast',
    nodes: [{ id: 'entry', type: 'entry_past', segment: {}, next: 'text' }, { id: 'text', type: 'send_sms', body: 'Hello from the store', next: null }],
  });
  return scenario;
}

function keysByStatus(db: string, status: string): string[] {
  const connection = new Database(db, { readonly: true });
  try {
    return connection.prepare('SELECT idempotency_key FROM messages WHERE status = ?').pluck().all(status) as string[];
  } finally {
    connection.close();
  }
}

describe('exactly once', () => {
  it('kill -9 in the middle of 1,000 sends: after a restart every message is sent exactly once or marked unknown, none lost', async () => {
    const scenario = await blastScenario();
    const testMessages = gateway.delivered.length;

    const reportWorkers = ['--import', path.join(repoRoot, 'test/helpers/report-workers.mjs')];
    const { child, done } = startCli(['engine', 'tick', '--now', at(0), '--db', scenario.db], { nodeFlags: reportWorkers });
    for (let attempt = 0; attempt < 1500 && gateway.delivered.length - testMessages < 300; attempt++) await sleep(10);
    child.kill('SIGKILL');
    const killed = await done;
    // The bundle's checkpoint worker copied the WAL back while the sends went out, and was killed with them.
    expect([...killed.stderr.matchAll(/^worker_script=(.*)$/gm)].map((match) => path.relative(repoRoot, match[1]!))).toEqual([path.join('dist', 'cli', 'checkpoint-worker.mjs')]);
    const before = counts(scenario.db);
    expect(before.sent ?? 0).toBeGreaterThan(100);
    expect(before.sent ?? 0).toBeLessThan(COUNT);

    // The next run finds the attempts in flight, does not resend them, and sends the rest.
    const restarted = await cli(['engine', 'tick', '--now', at(60_000), '--db', scenario.db, '--json'], scenario.clock);
    expect(restarted.code, restarted.stderr).toBe(0);
    const after = counts(scenario.db);
    expect((after.sent ?? 0) + (after.unknown ?? 0)).toBe(COUNT);
    expect(after.unknown ?? 0).toBeLessThanOrEqual(8);

    const delivered = gateway.delivered.slice(testMessages).map((request) => request.requestId);
    expect(new Set(delivered).size).toBe(delivered.length);
    const db = new Database(scenario.db, { readonly: true });
    const sentKeys = new Set(db.prepare("SELECT idempotency_key FROM messages WHERE status = 'sent'").pluck().all() as string[]);
    const unknownKeys = db.prepare("SELECT idempotency_key FROM messages WHERE status = 'unknown'").pluck().all() as string[];
    db.close();
    // Each sent message reached the gateway once; an unknown one reached it at most once (the kill came mid-request).
    for (const key of sentKeys) expect(delivered.filter((id) => id === key)).toHaveLength(1);
    for (const key of unknownKeys) expect(delivered.filter((id) => id === key).length).toBeLessThanOrEqual(1);
    expect(delivered.length).toBeGreaterThanOrEqual(sentKeys.size);
  });

  it('kill -9 while the sending window is full: exactly the sends in flight become unknown, none is sent twice, the rest (claimed or not) are sent after a restart', async () => {
    const scenario = await blastScenario();
    const testMessages = gateway.delivered.length;
    const { child, done } = startCli(['engine', 'tick', '--now', at(0), '--db', scenario.db]);
    try {
      for (let attempt = 0; attempt < 1500 && gateway.delivered.length - testMessages < 100; attempt++) await sleep(10);
      // From here the gateway takes every message and answers none: the window fills with sends in flight.
      gateway.holdAll(true);
      for (let attempt = 0; attempt < 1500 && gateway.held().length < 8; attempt++) await sleep(10);
      expect(gateway.held()).toHaveLength(8);
      child.kill('SIGKILL');
      await done;
    } finally {
      gateway.holdAll(false);
    }
    const held = gateway.held().map((request) => request.requestId);
    expect(gateway.maxOutstanding()).toBeLessThanOrEqual(8);
    // The sends in flight are claimed, and so are the next of the batch, which were never handed over.
    const claimed = keysByStatus(scenario.db, 'sending');
    expect(claimed).toEqual(expect.arrayContaining(held));
    expect(claimed.length).toBeGreaterThan(held.length);
    // The run's journal says which of them were handed over.
    const journals = () => (fs.existsSync(`${scenario.db}.sends`) ? fs.readdirSync(`${scenario.db}.sends`) : []);
    expect(journals()).toHaveLength(1);

    const restarted = await cli(['engine', 'tick', '--now', at(60_000), '--db', scenario.db, '--json'], scenario.clock);
    expect(restarted.code, restarted.stderr).toBe(0);
    expect(keysByStatus(scenario.db, 'unknown').sort()).toEqual([...held].sort());
    expect(counts(scenario.db)).toEqual({ sent: COUNT - 8, unknown: 8 });
    expect(journals()).toEqual([]);
    const delivered = gateway.delivered.slice(testMessages).map((request) => request.requestId);
    expect(delivered).toHaveLength(COUNT);
    expect(new Set(delivered).size).toBe(COUNT);
  });
});
