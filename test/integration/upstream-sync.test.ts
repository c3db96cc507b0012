import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { posCells, posHeader, generatePosRows, toDelimited, writeEncoded } from '../fixtures/pos-csv.ts';
import { cli } from '../helpers/run-cli.ts';
import { hour, JourneyScenario, t0 } from '../helpers/journey-scenario.ts';
import { startUpstreamTestServer } from '../helpers/upstream-test-server.ts';
import { useTempDir } from '../helpers/temp-dir.ts';

const tempDir = useTempDir();
const closers: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const close of closers.reverse()) await close();
});

interface SyncJson {
  report: { done: number; failed: number; retrying: number; offline: boolean };
  jobs: Array<{ id: number; batch_id: number; kind: string; part: number; rows: number; status: string; attempts: number; last_error: string | null }>;
}

/** A port nothing listens on: taken from the system, then released. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function setup(maxBytes: number, extra: readonly string[] = []) {
  const server = await startUpstreamTestServer();
  closers.push(server.close);
  const dir = tempDir();
  const scenario = new JourneyScenario(dir);
  const token = path.join(dir, 'token');
  fs.writeFileSync(token, 'tok-123\n', { mode: 0o600 });
  const configured = await cli(['sync', 'configure', '--base-url', server.url, '--app-id', 'shop-app', '--token-file', token, '--max-bytes', String(maxBytes), '--timeout-ms', '500', ...extra, '--db', scenario.db], scenario.clock);
  expect(configured.code, configured.stderr).toBe(0);
  return { server, dir, scenario };
}

async function importPos(scenario: JourneyScenario, dir: string, name: string, count: number, at: number, startMs = Date.parse('2026-11-20T00:00:00Z')) {
  const file = path.join(dir, name);
  writeEncoded(file, toDelimited([posHeader, ...[...generatePosRows(count, { startMs })].map(posCells)]), 'utf-8');
  scenario.clock.set(at);
  await scenario.run(['import', file, '--tz', 'Asia/Tokyo', '--commit']);
}

describe('upstream sync', () => {
  it('ends every answer as specified and the platform never gets a row twice', async () => {
    const { server, dir, scenario } = await setup(2_500);
    await scenario.members([{ id: 'M1' }, { id: 'M2' }, { id: 'M3' }], t0);
    await importPos(scenario, dir, 'pos.csv', 60, t0 + hour);
    const sync = (at: number) => {
      scenario.clock.set(at);
      return scenario.run<SyncJson>(['sync', 'upstream']);
    };
    server.script('500', '202', '400', { status: 429, retryAfter: 120 });
    let state = await sync(t0 + 2 * hour);
    const [users, ...events] = state.jobs;
    expect(users).toMatchObject({ kind: 'users', rows: 3, status: 'queued', attempts: 1, last_error: expect.stringContaining('500') });
    expect(events.length).toBeGreaterThanOrEqual(3);
    expect(events.reduce((sum, job) => sum + job.rows, 0)).toBe(60);
    expect(events.slice(0, 3).map((job) => [job.status, job.last_error])).toEqual([
      ['remote', null], ['failed', 'HTTP 400: field name "Product Name" is not allowed'], ['queued', 'HTTP 429: slow down'],
    ]);

    // Later passes: the 500 is retried, the 202 polled (pending, then done), the 429 waits its 120 s.
    state = await sync(t0 + 2 * hour + 60_000);
    expect(state.jobs[0]!.status).toBe('done');
    expect(state.jobs[1]!.status).toBe('remote');
    expect(state.jobs[3]!.status).toBe('queued');
    server.script('hang');
    state = await sync(t0 + 2 * hour + 130_000);
    expect(state.jobs[1]!.status).toBe('done');

    // The fixed file goes again by hand; a hung request is retried with the same key and not taken twice.
    expect((await cli(['sync', 'retry', String(state.jobs[2]!.id), '--db', scenario.db], scenario.clock)).code).toBe(0);
    for (let pass = 0; pass < 6 && state.jobs.some((job) => job.status !== 'done'); pass++) state = await sync(t0 + 3 * hour + pass * 3_600_000);
    expect(state.jobs.map((job) => job.status)).toEqual(state.jobs.map(() => 'done'));

    const eventRows = server.accepted.filter((upload) => upload.path === '/v1/events/import').flatMap((upload) => upload.rows);
    expect(eventRows).toHaveLength(60);
    expect(new Set(eventRows.map((row) => `${row.store_id}|${row.receipt_no}|${row.line_no}`)).size).toBe(60);
    expect(server.accepted.filter((upload) => upload.path === '/v1/users/import').flatMap((upload) => upload.rows.map((row) => row.user_id))).toEqual(['M1', 'M2', 'M3']);
    expect(server.requests.filter((request) => request.answer === 'hang')).toHaveLength(1);

    // AIQUA's documented constraints, on every upload.
    for (const upload of server.accepted) {
      expect(upload.headers.authorization).toBe('Token tok-123');
      expect(upload.headers.appid).toBe('shop-app');
      expect(upload.raw[0]).not.toBe(0xef);
      expect(upload.raw.length).toBeLessThanOrEqual(2_500);
      for (const field of upload.fields) expect(field).toMatch(/^[a-z_][a-z0-9_]*$/);
      for (const row of upload.rows) {
        expect(typeof row.user_id).toBe('string');
        if (row.event_time !== undefined) expect(row.event_time).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}\+09:00$/);
      }
    }
  });

  it('stops a job the platform refuses (401) with its message, waits while offline, and asks before undoing a pushed batch', async () => {
    const { server, dir, scenario } = await setup(100 * 1024 * 1024);
    await importPos(scenario, dir, 'pos.csv', 5, t0);
    server.script('401');
    let state = await scenario.run<SyncJson>(['sync', 'upstream']);
    expect(state.jobs[0]).toMatchObject({ status: 'failed', last_error: 'HTTP 401: invalid token' });
    expect((await cli(['sync', 'retry', String(state.jobs[0]!.id), '--db', scenario.db], scenario.clock)).code).toBe(0);
    server.script('reset');
    state = await scenario.run<SyncJson>(['sync', 'upstream']);
    expect(state.jobs[0]).toMatchObject({ status: 'queued', last_error: expect.stringContaining('connection broke') });

    // The network goes away: the platform's address now refuses connections.
    const token = path.join(dir, 'token');
    await cli(['sync', 'configure', '--base-url', `http://127.0.0.1:${await closedPort()}`, '--app-id', 'shop-app', '--token-file', token, '--timeout-ms', '500', '--db', scenario.db], scenario.clock);
    scenario.clock.advance(3_600_000);
    state = await scenario.run<SyncJson>(['sync', 'upstream']);
    expect(state.report.offline).toBe(true);
    expect(state.jobs[0]).toMatchObject({ status: 'queued', last_error: expect.stringContaining('cannot be reached') });

    const back = await startUpstreamTestServer();
    closers.push(back.close);
    await cli(['sync', 'configure', '--base-url', back.url, '--app-id', 'shop-app', '--token-file', token, '--timeout-ms', '500', '--db', scenario.db], scenario.clock);
    scenario.clock.advance(3_600_000);
    state = await scenario.run<SyncJson>(['sync', 'upstream']);
    expect(state.jobs[0]).toMatchObject({ status: 'done' });
    expect(back.accepted.flatMap((upload) => upload.rows)).toHaveLength(5);

    const refused = await cli(['rollback', '1', '--db', scenario.db], scenario.clock);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/already sent to the platform, which cannot delete events.*--local-only/);
    const local = await scenario.run<{ events_removed: number }>(['rollback', '1', '--local-only']);
    expect(local.events_removed).toBe(5);
  });

  it('undoing a pushed members sheet sends the profiles it changed back as they were; customers it added would stay upstream, so that takes --local-only', async () => {
    const { server, scenario } = await setup(100 * 1024 * 1024);
    const push = async () => {
      scenario.clock.advance(hour);
      const state = await scenario.run<SyncJson>(['sync', 'upstream']);
      expect(state.jobs.every((job) => job.status === 'done'), JSON.stringify(state.jobs)).toBe(true);
    };
    const rowsOf = (upload: { rows: Array<Record<string, string>> }) => upload.rows.map((row) => ({ user_id: row.user_id, tier: row.tier, email_opt_in: row.email_opt_in }));
    await scenario.members([{ id: 'M1', tier: 'Gold' }, { id: 'M2', tier: 'Gold' }], t0);
    await push();
    // A wrong sheet: tiers overwritten and M1's email consent withdrawn, on the platform too.
    await scenario.members([{ id: 'M1', tier: 'Bronze', emailOptIn: false }, { id: 'M2', tier: 'Bronze' }], t0 + 2 * hour);
    await push();
    expect(rowsOf(server.accepted.at(-1)!)).toEqual([{ user_id: 'M1', tier: 'Bronze', email_opt_in: 'false' }, { user_id: 'M2', tier: 'Bronze', email_opt_in: 'true' }]);

    // No delete path is needed to undo it: the restored profiles are an ordinary users upload.
    const undone = await scenario.run<{ profiles_restored: number; upstream_jobs_queued: number }>(['rollback', '2']);
    expect(undone).toMatchObject({ profiles_restored: 2, upstream_jobs_queued: 1 });
    await push();
    expect(rowsOf(server.accepted.at(-1)!)).toEqual([{ user_id: 'M1', tier: 'Gold', email_opt_in: 'true' }, { user_id: 'M2', tier: 'Gold', email_opt_in: 'true' }]);

    // A sheet that adds a customer: the platform cannot delete a profile, so undoing it asks first.
    await scenario.members([{ id: 'M3', tier: 'Gold' }, { id: 'M1', tier: 'Silver' }], t0 + 6 * hour);
    await push();
    const refused = await cli(['rollback', '3', '--db', scenario.db], scenario.clock);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/already sent to the platform, which cannot delete the 1 customers it added.*--local-only/);
    const local = await scenario.run<{ profiles_restored: number; upstream_jobs_queued: number }>(['rollback', '3', '--local-only']);
    expect(local).toMatchObject({ profiles_restored: 2, upstream_jobs_queued: 1 });
    await push();
    expect(rowsOf(server.accepted.at(-1)!)).toEqual([{ user_id: 'M1', tier: 'Gold', email_opt_in: 'true' }]);
  });
});

describe('upstream sync from a day on', () => {
  it("sends nothing from before that day in the store's zone, however the export wrote its times", async () => {
    const { server, dir, scenario } = await setup(100 * 1024 * 1024, ['--from', '2026-11-24']);
    const times = [
      ['R1', '2026/11/23 19:00'], ['R2', '2026/11/23 23:59'],
      // 15:30 UTC is already 00:30 on the 24th in Tokyo: the store's day, not the way the time was written, decides.
      ['R3', '2026-11-23T14:59:00Z'], ['R4', '2026-11-23T15:30:00Z'],
      ['R5', '2026/11/24 00:00'], ['R6', '2026/11/24 09:00'],
    ];
    const file = path.join(dir, 'pos.csv');
    writeEncoded(file, toDelimited([posHeader, ...times.map(([receipt, at]) => ['M1', at!, 'S01', receipt!, '1', 'A', 'Tea', '1', '100', '100', 'cash'])]), 'utf-8');
    scenario.clock.set(Date.parse('2026-11-25T00:00:00Z'));
    await scenario.run(['import', file, '--tz', 'Asia/Tokyo', '--commit']);
    await scenario.run(['sync', 'upstream']);
    expect(server.accepted.flatMap((upload) => upload.rows).map((row) => row.event_time)).toEqual([
      '2026-11-23T15:30:00.000+00:00', '2026-11-24T00:00:00.000+09:00', '2026-11-24T09:00:00.000+09:00',
    ]);
  });
});
