import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encourageOfflinePurchases } from '../../shared/journey/template.ts';
import { openStore } from '../../electron/core/store/open-store.ts';
import { toDelimited, writeEncoded } from '../fixtures/pos-csv.ts';
import { day, hour, JourneyScenario, t0 } from '../helpers/journey-scenario.ts';
import { cli } from '../helpers/run-cli.ts';
import { useTempDir } from '../helpers/temp-dir.ts';
import { startUpstreamTestServer } from '../helpers/upstream-test-server.ts';

const tempDir = useTempDir();

// Distinctive values, so that finding none of them in the database files means they are gone.
const ERASED = 'M-ERASE-7731';
const EMAIL = 'erase.me.7731@example.jp';
const PHONE_RAW = '+81 90 5555 0101';
const PHONE = '+819055550101';

let platform: Awaited<ReturnType<typeof startUpstreamTestServer>>;
let dir: string;
let scenario: JourneyScenario;
let journeyId: number;
let membersFile: string;

interface Preview { entered: number; messages: Array<{ user_id: string }>; traces: Record<string, unknown> }

function storeBytes(db: string): Buffer {
  return Buffer.concat(['', '-wal', '-journal'].filter((suffix) => fs.existsSync(db + suffix)).map((suffix) => fs.readFileSync(db + suffix)));
}

function peek<T>(sql: string, ...params: unknown[]): T {
  const db = new Database(scenario.db, { readonly: true });
  try {
    return db.prepare(sql).pluck().get(...params) as T;
  } finally {
    db.close();
  }
}

beforeAll(async () => {
  platform = await startUpstreamTestServer();
  dir = tempDir();
  scenario = new JourneyScenario(dir);
  await scenario.settings(['--zone', 'UTC', '--quiet-hours', 'off']);
  membersFile = path.join(dir, 'members.csv');
  writeEncoded(membersFile, toDelimited([['Member ID', 'Tier', 'Email', 'Email Opt In', 'Phone', 'SMS Opt In'],
    [ERASED, 'VIP', EMAIL, 'yes', PHONE_RAW, 'yes'],
    ['V2', 'VIP', 'v2@example.com', 'yes', '+81 90 1111 2222', 'yes'],
    ['V3', 'VIP', 'v3@example.com', 'yes', '+81 90 3333 4444', 'yes'],
  ]), 'utf-8');
  scenario.clock.set(t0 - 10 * day);
  await scenario.run(['import', membersFile, '--kind', 'members', '--commit']);
  const token = path.join(dir, 'token.txt');
  fs.writeFileSync(token, 'tok');
  await scenario.run(['sync', 'configure', '--base-url', platform.url, '--app-id', 'app', '--token-file', token, '--no-users', '--no-events', '--delete-users-path', '/v1/users/delete']);
  journeyId = await scenario.journey(encourageOfflinePurchases, t0);
  // The erased customer buys (thank-you sent), and a line of theirs is rejected (bad time) and another a duplicate.
  await scenario.purchases([{ user: ERASED, occurred: t0 + day + 10 * hour, receipt: 'R-1' }], t0 + 2 * day + 12 * hour);
  const messy = path.join(dir, 'pos-messy.csv');
  writeEncoded(messy, toDelimited([['Member ID', 'Purchased At', 'Store', 'Receipt No', 'Line No', 'Amount'],
    [ERASED, '2026/13/45 99:00', 'S01', 'R-2', '1', '1000'],
    [ERASED, new Date(t0 + day + 10 * hour).toISOString(), 'S01', 'R-1', '1', '1000'],
    ['V3', new Date(t0 + 2 * day).toISOString(), 'S01', 'R-3', '1', '1000'],
  ]), 'utf-8');
  await scenario.run(['import', messy, '--kind', 'pos', '--commit']);
  await scenario.tick(t0 + 2 * day + 13 * hour);
});

afterAll(async () => {
  await platform?.close();
});

describe('erase: a customer asks to be forgotten', () => {
  it('without --yes nothing changes and the command says what would be removed', async () => {
    const run = await cli(['erase', ERASED, '--db', scenario.db, '--json'], scenario.clock);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(`shopfloor: nothing was erased: add --yes to erase ${ERASED}\n`);
    expect(JSON.parse(run.stdout)).toEqual({
      user_id: ERASED, dry_run: true, events_removed: 1, raw_rows_removed: 3, profile_images_removed: 1, profile_removed: true, runs_removed: 1,
      messages_removed: 0, messages_sent_kept_anonymised: 1, traces_removed: expect.any(Number), uploads_scrubbed: 0, upstream_deletion_queued: true,
    });
    expect(peek<number>('SELECT count(*) FROM events WHERE user_id = ?', ERASED)).toBe(1);
    expect(storeBytes(scenario.db).includes(EMAIL)).toBe(true);
  });

  it('removes every trace of the id, email and phone from the database and its WAL, keeping an anonymised audit entry', async () => {
    const before = await scenario.run<{ stats: { messages: Record<string, number> } }>(['journey', 'show', String(journeyId)]);
    const result = await scenario.run<Record<string, unknown>>(['erase', ERASED, '--reason', 'customer request #42', '--yes']);
    expect(result).toMatchObject({
      user_id: ERASED, events_removed: 1, raw_rows_removed: 3, profile_images_removed: 1, runs_removed: 1,
      messages_removed: 0, messages_sent_kept_anonymised: 1, upstream_deletion_queued: true,
    });

    const bytes = storeBytes(scenario.db);
    for (const trace of [ERASED, EMAIL, PHONE, PHONE_RAW]) expect(bytes.includes(trace), trace).toBe(false);
    // Deleted rows are overwritten, not just unlinked.
    const db = openStore(scenario.db);
    expect(db.pragma('secure_delete', { simple: true })).toBe(1);
    db.close();

    const erasures = await scenario.run<{ erasures: Array<Record<string, unknown>> }>(['erasures']);
    expect(erasures.erasures).toEqual([{
      user_hash: expect.stringMatching(/^[0-9a-f]{64}$/), at: new Date(scenario.clock.now()).toISOString(), by: expect.any(String), reason: 'customer request #42',
      counts: expect.objectContaining({ events_removed: 1, messages_sent_kept_anonymised: 1 }), lifted_at: null,
    }]);
    expect(JSON.stringify(erasures)).not.toContain(ERASED);
    // The message sent before stays counted, without the person.
    const after = await scenario.run<{ stats: { messages: Record<string, number>; runs: Record<string, number> } }>(['journey', 'show', String(journeyId)]);
    expect(after.stats.messages.sent).toBe(before.stats.messages.sent);
    expect((await scenario.outbox()).map((message) => message.user_id)).not.toContain(ERASED);
    expect((await scenario.run<{ user: unknown; events: unknown[] }>(['timeline', ERASED]))).toMatchObject({ user: null, events: [] });
  });

  it('a later import of the id is rejected with erased_user and keeps nothing of the row, until the erasure is lifted', async () => {
    const again = await scenario.run<{ id: number; rejected: number; accepted: number; issues: Record<string, number> }>(['import', membersFile, '--kind', 'members']);
    expect(again).toMatchObject({ rejected: 1, accepted: 2, issues: { erased_user: 1 } });
    const rejected = await scenario.run<{ rows: Array<{ row: number; codes: string[]; cells: string[] }> }>(['rejected', String(again.id)]);
    expect(rejected.rows).toEqual([expect.objectContaining({ row: 2, codes: ['erased_user'], cells: [] })]);
    for (const trace of [ERASED, EMAIL, PHONE]) expect(storeBytes(scenario.db).includes(trace), trace).toBe(false);
    await scenario.run(['rollback', String(again.id)]);

    expect(await scenario.run(['erase', ERASED, '--lift'])).toEqual({ user_id: ERASED, lifted: 1 });
    const lifted = await scenario.run<{ accepted: number; rejected: number }>(['import', membersFile, '--kind', 'members']);
    expect(lifted).toMatchObject({ accepted: 3, rejected: 0 });
    expect((await scenario.run<{ erasures: Array<{ lifted_at: string | null }> }>(['erasures'])).erasures[0]!.lifted_at).not.toBeNull();
  });

  it('asks the platform to delete the customer (a real HTTP server), then forgets the request file', async () => {
    const sync = await scenario.run<{ report: { done: number } }>(['sync', 'upstream']);
    expect(sync.report.done).toBe(1);
    expect(platform.accepted.map((upload) => [upload.path, upload.rows, upload.headers.authorization])).toEqual([['/v1/users/delete', [{ user_id: ERASED }], 'Token tok']]);
    expect(fs.readdirSync(path.join(dir, 'upstream-spool'))).toEqual([]);
  });

  it('a running journey and a preview go on as if the customer never existed', async () => {
    // V2 is waiting in the journey (no purchase yet); erase them, then let the wait time out.
    expect(scenario.runs(journeyId).V2).toMatchObject({ status: 'active' });
    await scenario.run(['erase', 'V2', '--yes']);
    await scenario.tick(t0 + 8 * day + hour);
    const outbox = await scenario.outbox();
    expect(outbox.map((message) => message.user_id)).not.toContain('V2');
    expect(outbox.some((message) => message.user_id === 'V3')).toBe(true);
    expect(scenario.runCount(journeyId, 'V2')).toBe(0);

    const preview = await scenario.run<Preview>(['journey', 'preview', String(journeyId), '--from', new Date(t0).toISOString(), '--days', '10', '--trace', 'V2']);
    expect(preview.messages.map((message) => message.user_id)).not.toContain('V2');
    expect(preview.traces.V2 ?? []).toEqual([]);
    // V3 is the only VIP left (the lifted customer's re-import is staged, not committed).
    expect(preview.entered).toBe(1);
  });
});
