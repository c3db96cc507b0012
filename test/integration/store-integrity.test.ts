import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrations } from '../../electron/core/store/migrations.ts';
import { writeReviewPosCsv } from '../fixtures/review-files.ts';
import { corruptPage } from '../helpers/corrupt-page.ts';
import { cli, cliJson } from '../helpers/run-cli.ts';
import { useTempDir } from '../helpers/temp-dir.ts';

const tempDir = useTempDir();
const digest = (file: string) => crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');

/** A store with a batch, a good backup of it, then a customer erased; and a copy of the store with one page of `events` damaged. */
async function damagedCopy(): Promise<{ dir: string; db: string; damaged: string; backup: string }> {
  const dir = tempDir();
  const db = path.join(dir, 'store.db');
  await cliJson(['import', writeReviewPosCsv(dir).file, '--tz', 'Asia/Tokyo', '--commit', '--db', db]);
  const backup = (await cliJson<{ file: string }>(['backup', 'now', '--db', db])).file;
  await cliJson(['erase', 'M100001', '--yes', '--db', db]);
  const damaged = path.join(dir, 'damaged.db');
  fs.copyFileSync(db, damaged);
  const reader = new Database(damaged, { readonly: true });
  const page = reader.prepare("SELECT pageno FROM dbstat WHERE name = 'events' AND pagetype = 'leaf' LIMIT 1").pluck().get() as number;
  reader.close();
  corruptPage(damaged, page);
  return { dir, db, damaged, backup };
}

describe('quick_check at start: a damaged store is not opened', () => {
  it('every command refuses it in one line that names the newest good backup, and the file is left as it was', async () => {
    const { damaged, backup } = await damagedCopy();
    const before = digest(damaged);
    for (const command of [['batches'], ['import', 'whatever.csv'], ['commit', '--all']]) {
      const run = await cli([...command, '--db', damaged]);
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(new RegExp(`^shopfloor: damaged\\.db: the database is damaged \\(.+\\); it was not opened, so nothing more is written to it; restore the newest good backup \\(\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d UTC\\): shopfloor restore "${backup.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}" --yes\\n$`));
    }
    expect(digest(damaged)).toBe(before);
  });

  it('check reports integrity, schema, WAL size and free disk space, and the damage', async () => {
    const { db, damaged, backup } = await damagedCopy();
    const good = await cliJson<Record<string, unknown>>(['check', '--db', db]);
    expect(good).toEqual({ file: db, ok: true, integrity: 'ok', schema_version: migrations.length, wal_bytes: expect.any(Number), free_disk_bytes: expect.any(Number) });
    expect(good.free_disk_bytes as number).toBeGreaterThan(0);
    const run = await cli(['check', '--db', damaged, '--json']);
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout)).toMatchObject({ ok: false, integrity: expect.not.stringMatching(/^ok$/), newest_good_backup: backup });
  });

  it('restore over a damaged store: refused without --yes; with it, the damaged files are kept aside and the erasure log carries over', async () => {
    const { dir, damaged, backup } = await damagedCopy();
    const before = digest(damaged);
    const dry = await cli(['restore', backup, '--db', damaged]);
    expect(dry.code).toBe(1);
    expect(dry.stdout).toMatch(/^The database damaged\.db is damaged\. Restoring .+ would put it in its place; the damaged files would be kept aside\.\n$/);
    expect(digest(damaged)).toBe(before);

    const restored = await cliJson<{ previous: string; events: number; erasures_recovered: boolean; erasures_reapplied: number }>(['restore', backup, '--yes', '--db', damaged]);
    expect(restored).toMatchObject({ erasures_recovered: true, erasures_reapplied: 1 });
    expect(path.dirname(restored.previous)).toBe(dir);
    expect(path.basename(restored.previous)).toMatch(/^damaged\.db\.damaged-\d{8}T\d{9}Z$/);
    expect(digest(restored.previous)).toBe(before);
    // The store opens again; the customer erased after the backup was taken is still gone.
    expect((await cliJson<{ batches: unknown[] }>(['batches', '--db', damaged])).batches).toHaveLength(1);
    expect(await cliJson(['timeline', 'M100001', '--db', damaged])).toMatchObject({ user: null, events: [] });
    expect((await cliJson<{ erasures: unknown[] }>(['erasures', '--db', damaged])).erasures).toHaveLength(1);
  });
});
