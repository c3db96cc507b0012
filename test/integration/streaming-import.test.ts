import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeLargePosCsv } from '../fixtures/pos-csv.ts';
import { startCli } from '../helpers/child-cli.ts';
import { cliJson } from '../helpers/run-cli.ts';
import { useTempDir } from '../helpers/temp-dir.ts';

const tempDir = useTempDir();

describe('streaming import', () => {
  it('imports and commits a 1,000,000-row export with the JS heap capped at 128 MB', async () => {
    const dir = tempDir();
    const db = path.join(dir, 'store.db');
    const file = path.join(dir, 'pos_1m.csv');
    await writeLargePosCsv(file, 1_000_000, { missingEvery: 33 });
    // Holding the file (~76 MB as text, twice that as a JS string) or its rows would not fit in this heap,
    // on the main thread or on the worker that reads the file (it gets no larger a heap than the process).
    const { done } = startCli(['import', file, '--tz', 'Asia/Tokyo', '--db', db, '--commit', '--json'], { nodeFlags: ['--max-old-space-size=128'], measureRss: true });
    const result = await done;
    expect(result.stderr).not.toMatch(/heap out of memory/);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ status: 'committed', rows: 1_000_000, accepted: 969_697, rejected: 30_303, duplicates: 0, issues: { missing_user_id: 30_303 } });
    const timeline = await cliJson<{ events: Array<{ status: string }> }>(['timeline', 'M100000', '--db', db]);
    // M100000 bought on rows 0, 50,000, 100,000, …; every 33rd row of the export has no member id.
    const expected = Array.from({ length: 20 }, (_, k) => k * 50_000).filter((index) => index % 33 !== 32).length;
    expect(timeline.events).toHaveLength(expected);
  });
});
