import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Dispatcher } from '../../electron/core/channels/dispatcher.ts';
import { openChannels } from '../../electron/core/channels/open-channels.ts';
import { openSendJournal, readSendJournal } from '../../electron/core/channels/send-journal.ts';
import { defaultSecretBox } from '../../electron/core/channels/secret-box.ts';
import { advanceActiveJourneys } from '../../electron/core/scheduler/engine-tick.ts';
import { sendSettings } from '../../electron/core/settings/engine-settings.ts';
import { openStore } from '../../electron/core/store/open-store.ts';
import { sleep } from '../helpers/child-cli.ts';
import { cli } from '../helpers/run-cli.ts';
import { hour, JourneyScenario, t0 } from '../helpers/journey-scenario.ts';
import { startSmsTestGateway } from '../helpers/sms-test-gateway.ts';
import { useTempDir } from '../helpers/temp-dir.ts';

const tempDir = useTempDir();
let gateway: Awaited<ReturnType<typeof startSmsTestGateway>>;

beforeAll(async () => {
  gateway = await startSmsTestGateway();
});

afterAll(async () => {
  await gateway?.close();
});

/** The pid of a process that has exited: the owner of a run that was killed. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(child.stdout);
}

interface Message {
  id: number;
  user_id: string;
  status: string;
  attempts: number;
  provider_id: string | null;
  idempotency_key: string | null;
  next_attempt_at: number | null;
}

/** A store whose members (M00, M01, …) each get an SMS from an active journey, sent through the test gateway. */
async function smsStore(dir: string, count: number): Promise<JourneyScenario> {
  const scenario = new JourneyScenario(dir);
  await scenario.settings(['--zone', 'UTC', '--quiet-hours', 'off']);
  await scenario.members(Array.from({ length: count }, (_, index) => ({ id: `M${String(index).padStart(2, '0')}` })), t0 - hour);
  expect((await cli(['channels', 'sms', '--url', gateway.url, '--db', scenario.db], scenario.clock)).code).toBe(0);
  expect((await cli(['channels', 'test', 'sms', '--to', '+819099990000', '--db', scenario.db], scenario.clock)).code).toBe(0);
  await scenario.journey({ name: 'blast', nodes: [{ id: 'entry', type: 'entry_past', segment: {}, next: 'text' }, { id: 'text', type: 'send_sms', body: 'Hello', next: null }] });
  return scenario;
}

/**
 * Twelve members (M00–M11) with an SMS scheduled for each, left as a dispatcher killed mid-run leaves
 * them: all claimed `sending` with their keys by a process now gone, and its journal saying what it did.
 */
async function killedRun(journal: (ids: number[]) => string | null): Promise<{ scenario: JourneyScenario; keys: string[]; ids: number[]; journalFile: string }> {
  const scenario = await smsStore(tempDir(), 12);
  const owner = `${deadPid()}:0b7d3c1e-8f2a-4c55-9e1d-2a6b4f8c9d10`;
  const db = openStore(scenario.db);
  advanceActiveJourneys(db, t0);
  const ids = db.prepare("SELECT id FROM messages WHERE status = 'scheduled' ORDER BY user_id").pluck().all() as number[];
  expect(ids).toHaveLength(12);
  const keys = ids.map((_, index) => `01890a5d-ac96-774b-bcce-b302099a${String(index).padStart(4, '0')}`);
  const claim = db.prepare("UPDATE messages SET status = 'sending', idempotency_key = ?, claimed_by = ? WHERE id = ?");
  ids.forEach((id, index) => claim.run(keys[index], owner, id));
  db.close();
  const journalFile = `${scenario.db}.sends/${owner.replace(':', '-')}.jsonl`;
  const text = journal(ids);
  if (text !== null) {
    fs.mkdirSync(`${scenario.db}.sends`, { recursive: true });
    fs.writeFileSync(journalFile, text);
  }
  return { scenario, keys, ids, journalFile };
}

function messages(db: string): Map<string, Message> {
  const connection = new Database(db, { readonly: true });
  try {
    const rows = connection.prepare('SELECT id, user_id, status, attempts, provider_id, idempotency_key, next_attempt_at FROM messages ORDER BY user_id').all() as Message[];
    return new Map(rows.map((row) => [row.user_id, row]));
  } finally {
    connection.close();
  }
}

function attempts(db: string, id: number): Array<{ started_at: number; outcome: string }> {
  const connection = new Database(db, { readonly: true });
  try {
    return connection.prepare('SELECT started_at, outcome FROM message_attempts WHERE message_id = ? ORDER BY id').all(id) as Array<{ started_at: number; outcome: string }>;
  } finally {
    connection.close();
  }
}

const line = (value: unknown) => `${JSON.stringify(value)}\n`;

/** M00–M03 answered 200, M04 answered 429, M05–M06 handed over with no answer yet, M07–M11 never handed over. */
function journalOfAKilledRun(ids: number[]): string {
  const started = ids.slice(0, 7).map((id, index) => line({ s: id, t: t0 + index }));
  const answered = [
    ...ids.slice(0, 4).map((id, index) => line({ a: id, o: { kind: 'accepted', providerId: `gw-${index}` } })),
    line({ a: ids[4], o: { kind: 'transient', error: 'HTTP 429', retryAfterMs: 60_000 } }),
  ];
  return [...started, ...answered].join('');
}

describe('a dispatcher killed mid-run is settled from its journal at the next tick', () => {
  it('answered sends are recorded as answered, those without an answer become unknown, those never handed over are sent once', async () => {
    const { scenario, keys, ids, journalFile } = await killedRun(journalOfAKilledRun);
    const before = gateway.delivered.length;

    await scenario.tick(t0 + 60_000);

    const after = messages(scenario.db);
    const byIndex = (index: number) => after.get(`M${String(index).padStart(2, '0')}`)!;
    for (let index = 0; index < 4; index++) {
      expect(byIndex(index)).toMatchObject({ status: 'sent', attempts: 1, provider_id: `gw-${index}`, idempotency_key: keys[index] });
      expect(attempts(scenario.db, ids[index]!)).toEqual([{ started_at: t0 + index, outcome: 'accepted' }]);
    }
    // Retried later with the same key, as if the dispatcher had lived: Retry-After honoured.
    expect(byIndex(4)).toMatchObject({ status: 'scheduled', attempts: 1, idempotency_key: keys[4] });
    expect(byIndex(4).next_attempt_at).toBeGreaterThanOrEqual(t0 + 60_000 + 60_000);
    for (const index of [5, 6]) {
      expect(byIndex(index)).toMatchObject({ status: 'unknown', attempts: 1 });
      expect(attempts(scenario.db, ids[index]!)).toEqual([{ started_at: t0 + index, outcome: 'in_doubt' }]);
    }
    for (let index = 7; index < 12; index++) expect(byIndex(index)).toMatchObject({ status: 'sent', attempts: 1, idempotency_key: keys[index] });

    // Only the five never handed over reached the gateway, each once, with the key claimed before the kill.
    expect(gateway.delivered.slice(before).map((request) => request.requestId).sort()).toEqual(keys.slice(7).sort());
    expect(fs.existsSync(journalFile)).toBe(false);
  });

  it('a journal cut short vouches for nothing it may have lost: the claims it does not name become unknown, not sent again', async () => {
    const { scenario, ids } = await killedRun((claimed) => `${journalOfAKilledRun(claimed)}{"s":${claimed[7]},"t"`);
    const before = gateway.delivered.length;

    await scenario.tick(t0 + 60_000);

    const after = [...messages(scenario.db).values()];
    expect(after.filter((message) => message.status === 'sent').map((message) => message.id)).toEqual(ids.slice(0, 4));
    expect(after.filter((message) => message.status === 'unknown').map((message) => message.id)).toEqual(ids.slice(5));
    expect(gateway.delivered.length).toBe(before);
  });

  it('claims with no journal (a version before journals, or a journal deleted) are all unknown', async () => {
    const { scenario } = await killedRun(() => null);
    const before = gateway.delivered.length;

    await scenario.tick(t0 + 60_000);

    expect([...messages(scenario.db).values()].map((message) => message.status)).toEqual(Array(12).fill('unknown'));
    expect(gateway.delivered.length).toBe(before);
  });
});

/** Three members' SMS due at t0, in a store opened here, with a dispatcher that checkpoints the store itself. */
async function threeDue(): Promise<{ dir: string; scenario: JourneyScenario; db: ReturnType<typeof openStore>; dispatcher: Dispatcher }> {
  const dir = tempDir();
  const scenario = await smsStore(dir, 3);
  const db = openStore(scenario.db);
  advanceActiveJourneys(db, t0);
  scenario.clock.set(t0);
  return { dir, scenario, db, dispatcher: new Dispatcher(db, scenario.clock, { settings: () => sendSettings(db), checkpointWorker: false }) };
}

describe('a dispatch run that fails', () => {
  it('when its store stops taking writes, the answers that came are kept in its journal: the next run records them as sent, none is sent again', async () => {
    const { dir, scenario, db, dispatcher } = await threeDue();
    try {
      const channels = openChannels(db, defaultSecretBox(process.env, dir), scenario.clock);
      const before = gateway.delivered.length;
      gateway.holdAll(true);
      let running: Promise<unknown> | undefined;
      try {
        running = dispatcher.dispatchDue(channels);
        for (let wait = 0; wait < 500 && gateway.held().length < 3; wait++) await sleep(10);
        expect(gateway.held()).toHaveLength(3);
        // Every send is out; from now on the store takes no writes (a full disk, say), so no answer reaches it.
        db.pragma('query_only = ON');
      } finally {
        gateway.holdAll(false);
        gateway.release();
      }
      await expect(running).rejects.toThrow(/readonly/i);
      channels.close();
      db.pragma('query_only = OFF');
      expect(db.prepare("SELECT count(*) FROM messages WHERE status = 'sending'").pluck().get()).toBe(3);

      // The next tick of the same process (the app's engine keeps one dispatcher) settles them from the journal: answered, so sent.
      expect(dispatcher.markInDoubt()).toBe(0);
      const after = [...messages(scenario.db).values()];
      expect(after.map((message) => [message.status, message.attempts])).toEqual([['sent', 1], ['sent', 1], ['sent', 1]]);
      for (const message of after) expect(attempts(scenario.db, message.id)).toEqual([{ started_at: t0, outcome: 'accepted' }]);
      expect(fs.readdirSync(`${scenario.db}.sends`)).toEqual([]);
      const next = openChannels(db, defaultSecretBox(process.env, dir), scenario.clock);
      try {
        expect((await dispatcher.dispatchDue(next)).sent).toBe(0);
      } finally {
        next.close();
      }
      expect(gateway.delivered.length - before).toBe(3);
    } finally {
      db.close();
    }
  });
});

describe('the journal and the store while a run goes on', () => {
  it('the sends that start together are on disk, with the answers before them, when started() returns: before any provider is called', () => {
    const file = `${tempDir()}/run.jsonl`;
    const journal = openSendJournal(file);
    try {
      journal.answered(7, { kind: 'accepted', providerId: 'gw-7' });
      journal.started([{ id: 8, startedAt: t0 }, { id: 9, startedAt: t0 + 1 }]);
      const seen = readSendJournal(file)!;
      expect(seen.intact).toBe(true);
      expect([...seen.started]).toEqual([[8, t0], [9, t0 + 1]]);
      expect([...seen.answers]).toEqual([[7, { kind: 'accepted', providerId: 'gw-7' }]]);
    } finally {
      journal.close();
    }
  });

  it('answers reach the store while a send is still out, without waiting for another claim or the end of the run', async () => {
    const { dir, scenario, db, dispatcher } = await threeDue();
    try {
      // All three go out at once, after the only claim: the first two answered at once, the third held.
      gateway.script('+819012345678', ['200', '200', 'hold']);
      const channels = openChannels(db, defaultSecretBox(process.env, dir), scenario.clock);
      const reader = new Database(scenario.db, { readonly: true });
      try {
        const running = dispatcher.dispatchDue(channels);
        try {
          const byStatus = reader.prepare('SELECT status, group_concat(idempotency_key) AS keys FROM messages GROUP BY status ORDER BY status');
          let rows: Array<{ status: string; keys: string }> = [];
          for (let wait = 0; wait < 300 && !(rows.length === 2 && gateway.held().length === 1); wait++) {
            await sleep(10);
            rows = byStatus.all() as typeof rows;
          }
          const held = gateway.held().map((request) => request.requestId);
          expect(held).toHaveLength(1);
          expect(rows.map((row) => row.status)).toEqual(['sending', 'sent']);
          expect(rows[0]!.keys).toBe(held[0]);
          expect(rows[1]!.keys.split(',')).toHaveLength(2);
        } finally {
          gateway.release();
        }
        expect((await running).sent).toBe(3);
      } finally {
        reader.close();
        channels.close();
      }
    } finally {
      db.close();
    }
  });
});
