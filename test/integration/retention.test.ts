import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../electron/core/clock.ts';
import { writeReviewPosCsv } from '../fixtures/review-files.ts';
import { toDelimited } from '../fixtures/pos-csv.ts';
import { cli, cliJson } from '../helpers/run-cli.ts';
import { useTempDir } from '../helpers/temp-dir.ts';

const tempDir = useTempDir();
const day = 86_400_000;
const t0 = Date.parse('2026-09-01T00:00:00Z');

function query<T>(db: string, sql: string): T[] {
  const connection = new Database(db, { readonly: true });
  try {
    return connection.prepare(sql).all() as T[];
  } finally {
    connection.close();
  }
}

async function seed() {
  const dir = tempDir();
  const db = path.join(dir, 'store.db');
  const clock = new ManualClock(t0);
  const run = <T = Record<string, unknown>>(args: string[]) => cliJson<T>([...args, '--db', db], clock);
  const members = path.join(dir, 'members.csv');
  fs.writeFileSync(members, toDelimited([['Member ID', 'Tier', 'Email'], ['M1', 'Gold', 'm1@example.jp'], ['M2', 'Gold', 'not-an-email']]));
  const first = await run<{ id: number }>(['import', members, '--kind', 'members', '--commit']);
  const pos = await run<{ id: number; rejected: number }>(['import', writeReviewPosCsv(dir).file, '--tz', 'Asia/Tokyo', '--commit']);
  clock.set(t0 + day);
  const upgrade = path.join(dir, 'upgrade.csv');
  fs.writeFileSync(upgrade, toDelimited([['Member ID', 'Tier'], ['M1', 'VIP']]));
  const second = await run<{ id: number }>(['import', upgrade, '--kind', 'members', '--commit']);
  // Imported much later and left staged: nobody has looked at it yet.
  clock.set(t0 + 100 * day);
  const staged = await run<{ id: number }>(['import', writeReviewPosCsv(dir, 'pos_late.csv').file, '--tz', 'Asia/Tokyo']);
  return { dir, db, clock, run, first: first.id, pos: pos.id, second: second.id, staged: staged.id };
}

describe('retention: raw rows and profile pre-images are kept for the setting, then purged', () => {
  it('keeps them within the retention period, purges them after it, and leaves staged batches alone', async () => {
    const { db, run, first, pos, second, staged } = await seed();
    expect(await run(['purge', '--now', new Date(t0 + 89 * day).toISOString()])).toMatchObject({ raw_rows_removed: 0, profile_images_removed: 0, batches: [] });

    const purged = await run<{ raw_rows_removed: number; profile_images_removed: number; batches: number[] }>(['purge', '--now', new Date(t0 + 91 * day).toISOString()]);
    // The first members batch kept 2 rows and 2 pre-images, the POS batch 2 rejected rows; the upgrade (a day later) is still within 90 days.
    expect(purged).toEqual({ raw_rows_removed: 4, profile_images_removed: 2, batches: [first, pos], before: new Date(t0 + 1 * day).toISOString() });

    const rows = query<{ batch_id: number; raw: string; issues: string; data: string | null }>(db, 'SELECT batch_id, raw, issues, data FROM batch_rows ORDER BY id');
    for (const row of rows.filter((each) => each.batch_id === first || each.batch_id === pos)) {
      expect(row.raw).toBe('[]');
      expect(row.data).toBeNull();
      expect(row.issues).not.toContain('"value"');
    }
    expect(rows.filter((row) => row.batch_id === staged).every((row) => row.raw !== '[]')).toBe(true);
    expect(query<{ n: number }>(db, 'SELECT count(*) AS n FROM profile_changes')).toEqual([{ n: 1 }]);
    const dbText = fs.readFileSync(db).toString('latin1') + (fs.existsSync(`${db}-wal`) ? fs.readFileSync(`${db}-wal`).toString('latin1') : '');
    expect(dbText).not.toContain('not-an-email');

    // The codes stay (what was wrong), the cells do not (what was written).
    const rejected = await run<{ rows: Array<{ codes: string[]; cells: string[] }> }>(['rejected', String(pos)]);
    expect(rejected.rows.map((row) => [row.codes, row.cells])).toEqual([[['missing_user_id'], []], [['invalid_timestamp', 'invalid_number'], []]]);
    const batches = await run<{ batches: Array<{ id: number; raw_purged_at: string | null }> }>(['batches']);
    expect(batches.batches.map((batch) => [batch.id, batch.raw_purged_at])).toEqual([
      [first, new Date(t0 + 91 * day).toISOString()], [pos, new Date(t0 + 91 * day).toISOString()], [second, null], [staged, null],
    ]);

    // The next day the upgrade passes its 90 days too.
    expect(await run(['purge', '--now', new Date(t0 + 92 * day).toISOString()])).toMatchObject({ profile_images_removed: 1, batches: [second] });
  });

  it('rolling back a purged members batch says profiles can no longer be restored; a purged POS batch still loses its events', async () => {
    const { db, clock, run, pos, second } = await seed();
    await run(['settings', '--raw-retention', 'P30D']);
    await run(['purge', '--now', new Date(t0 + 32 * day).toISOString()]);
    const text = await cli(['rollback', String(second), '--db', db], clock);
    expect(text.stdout).toBe(`Rolled back batch ${second}: 0 events removed, 0 profiles restored.\nProfiles can no longer be restored: the earlier values were removed on 2026-10-03 (retention), so the customers keep this batch's values.\n`);
    expect((await run<{ user: { tier: string } }>(['timeline', 'M1'])).user.tier).toBe('VIP');
    const posRollback = await run<{ events_removed: number; profiles_purged_at: string | null }>(['rollback', String(pos)]);
    expect(posRollback).toMatchObject({ events_removed: 6, profiles_purged_at: null });
  });

  it('the retention setting must be a duration of at least a day', async () => {
    const { db } = await seed();
    const run = await cli(['settings', '--raw-retention', 'PT1H', '--db', db]);
    expect([run.code, run.stderr]).toEqual([1, 'shopfloor: raw_retention: an ISO 8601 duration of at least a day, such as P90D\n']);
  });
});
