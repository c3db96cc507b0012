import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { toDelimited, writeEncoded } from '../fixtures/pos-csv.ts';
import { sleep, startCli } from '../helpers/child-cli.ts';
import { at, day, JourneyScenario, t0 } from '../helpers/journey-scenario.ts';
import { useTempDir } from '../helpers/temp-dir.ts';

const tempDir = useTempDir();
const MEMBERS = 4000;

function query<T>(db: string, sql: string): T {
  const connection = new Database(db, { readonly: true });
  try {
    return connection.prepare(sql).pluck().get() as T;
  } finally {
    connection.close();
  }
}

async function waitUntil(check: () => boolean): Promise<boolean> {
  for (let attempt = 0; attempt < 500; attempt++) {
    try {
      if (check()) return true;
    } catch {
      // the child may hold a write transaction; try again
    }
    await sleep(10);
  }
  return false;
}

describe('engine durability', () => {
  it('kill -9 during a tick: the next tick finishes the work and no message is queued twice', async () => {
    const dir = tempDir();
    const scenario = new JourneyScenario(dir);
    await scenario.settings(['--zone', 'UTC', '--quiet-hours', 'off']);
    const members = path.join(dir, 'members.csv');
    writeEncoded(members, toDelimited([['Member ID', 'Tier', 'Email', 'Email Opt In'],
      ...Array.from({ length: MEMBERS }, (_, index) => [`M${index}`, 'VIP', `m${index}@example.com`, 'yes'])]), 'utf-8');
    scenario.clock.set(t0 - day);
    await scenario.run(['import', members, '--commit']);
    const journey = path.join(dir, 'journey.json');
    fs.writeFileSync(journey, JSON.stringify({
      name: 'durable',
      nodes: [
        { id: 'entry', type: 'entry_past', segment: { attributes: [{ key: 'tier', value: 'VIP' }] }, next: 'hello' },
        { id: 'hello', type: 'send_email', next: 'wait' },
        { id: 'wait', type: 'wait_for', event: { name: 'offline_purchase', is_offline: true }, timeout: 'P1D', matched: null, timed_out: 'nudge' },
        { id: 'nudge', type: 'send_email', next: null },
      ],
    }));
    const created = await scenario.run<{ id: number }>(['journey', 'create', journey]);
    await scenario.run(['journey', 'activate', String(created.id), '--at', at(0)]);
    const db = scenario.db;

    // 1: killed during the entry evaluation (one transaction): all or nothing.
    const first = startCli(['engine', 'tick', '--now', at(0), '--db', db]);
    await sleep(700);
    first.child.kill('SIGKILL');
    await first.done;
    const runsAfterKill = query<number>(db, 'SELECT count(*) FROM journey_runs');
    expect([0, MEMBERS]).toContain(runsAfterKill);
    await scenario.tick(t0);
    expect(query<number>(db, "SELECT count(*) FROM messages WHERE node_id = 'hello'")).toBe(MEMBERS);

    // 2: killed while the timeouts run, one transaction each: some done, some not.
    const second = startCli(['engine', 'tick', '--now', at(2 * day), '--db', db]);
    const midway = await waitUntil(() => query<number>(db, "SELECT count(*) FROM messages WHERE node_id = 'nudge'") > 200);
    second.child.kill('SIGKILL');
    await second.done;
    expect(midway).toBe(true);
    const nudgedBeforeRestart = query<number>(db, "SELECT count(*) FROM messages WHERE node_id = 'nudge'");
    expect(nudgedBeforeRestart).toBeLessThan(MEMBERS);

    await scenario.tick(t0 + 2 * day);
    expect(query<number>(db, "SELECT count(*) FROM messages WHERE node_id = 'nudge'")).toBe(MEMBERS);
    expect(query<number>(db, 'SELECT count(*) FROM (SELECT run_id, node_id FROM messages GROUP BY run_id, node_id HAVING count(*) > 1)')).toBe(0);
    expect(query<number>(db, "SELECT count(*) FROM journey_runs WHERE status = 'completed'")).toBe(MEMBERS);
    expect(query<number>(db, 'SELECT count(DISTINCT user_id) FROM journey_runs')).toBe(MEMBERS);
    expect(query<string>(db, 'PRAGMA integrity_check')).toBe('ok');
  });
});
