import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { posCells, posHeader, generatePosRows, toDelimited, writeEncoded } from '../fixtures/pos-csv.ts';
import { sleep, startCli } from '../helpers/child-cli.ts';
import { cli } from '../helpers/run-cli.ts';
import { JourneyScenario, t0 } from '../helpers/journey-scenario.ts';
import { startUpstreamTestServer } from '../helpers/upstream-test-server.ts';
import { useTempDir } from '../helpers/temp-dir.ts';

const tempDir = useTempDir();
const closers: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const close of closers.reverse()) await close();
});

describe('upstream sync after a crash', () => {
  it('kill -9 in the middle of a push: after a restart every row arrives exactly once', async () => {
    const server = await startUpstreamTestServer({ delayMs: 60 });
    closers.push(server.close);
    const dir = tempDir();
    const scenario = new JourneyScenario(dir);
    const token = path.join(dir, 'token');
    fs.writeFileSync(token, 'tok', { mode: 0o600 });
    expect((await cli(['sync', 'configure', '--base-url', server.url, '--app-id', 'app', '--token-file', token, '--max-bytes', '20000', '--db', scenario.db], scenario.clock)).code).toBe(0);
    const file = path.join(dir, 'pos.csv');
    writeEncoded(file, toDelimited([posHeader, ...[...generatePosRows(6000)].map(posCells)]), 'utf-8');
    scenario.clock.set(t0);
    await scenario.run(['import', file, '--tz', 'Asia/Tokyo', '--commit']);

    const { child, done } = startCli(['sync', 'upstream', '--db', scenario.db]);
    for (let attempt = 0; attempt < 2000 && server.accepted.length < 10; attempt++) await sleep(10);
    child.kill('SIGKILL');
    await done;
    const before = server.accepted.length;
    expect(before).toBeGreaterThanOrEqual(10);

    const restarted = await scenario.run<{ jobs: Array<{ status: string; rows: number }> }>(['sync', 'upstream']);
    expect(restarted.jobs.length).toBeGreaterThan(before);
    expect(restarted.jobs.every((job) => job.status === 'done')).toBe(true);
    const rows = server.accepted.flatMap((upload) => upload.rows);
    expect(rows).toHaveLength(6000);
    expect(new Set(rows.map((row) => `${row.store_id}|${row.receipt_no}|${row.line_no}`)).size).toBe(6000);
    // The part in flight when the process died went again with the same key, and was not taken twice.
    expect(server.requests.length).toBeGreaterThanOrEqual(server.accepted.length);
  });
});
