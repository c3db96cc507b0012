import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { writeReviewPosCsv } from '../fixtures/review-files.ts';
import { corruptPage } from '../helpers/corrupt-page.ts';
import { cli, cliJson } from '../helpers/run-cli.ts';
import { fillDisk, mountSmallFs } from '../helpers/small-fs.ts';
import { useTempDir } from '../helpers/temp-dir.ts';
import { migrations } from '../../electron/core/store/migrations.ts';

const tempDir = useTempDir();
const modeOf = (file: string) => (fs.statSync(file).mode & 0o777).toString(8);

interface Backup { file: string; name: string; bytes: number; created_at: string; kind: string; schema_version: number }

async function storeWithBatch(): Promise<{ dir: string; db: string }> {
  const dir = tempDir();
  const db = path.join(dir, 'store.db');
  await cliJson(['import', writeReviewPosCsv(dir).file, '--tz', 'Asia/Tokyo', '--commit', '--db', db]);
  return { dir, db };
}

const mounts: Array<{ unmount(): void }> = [];
afterEach(() => {
  for (const mount of mounts.splice(0)) mount.unmount();
});

describe('backup now / backups / backup verify', () => {
  it('backs up into the folder beside the database (0700, files 0600), lists it, and verifies it', async () => {
    const { dir, db } = await storeWithBatch();
    const made = await cliJson<Backup>(['backup', 'now', '--db', db]);
    expect(made).toMatchObject({ kind: 'manual', schema_version: migrations.length });
    expect(path.dirname(made.file)).toBe(path.join(dir, 'backups'));
    expect(made.bytes).toBe(fs.statSync(made.file).size);
    expect(Date.parse(made.created_at)).not.toBeNaN();
    if (process.platform !== 'win32') {
      expect(modeOf(path.join(dir, 'backups'))).toBe('700');
      expect(modeOf(made.file)).toBe('600');
    }
    // One self-contained file: no WAL beside it, and nothing half-written left behind.
    expect(fs.readdirSync(path.join(dir, 'backups'))).toEqual([made.name]);

    const listed = await cliJson<{ folder: string; backups: Backup[] }>(['backups', '--db', db]);
    expect(listed).toEqual({ folder: path.join(dir, 'backups'), missing: false, backups: [made] });

    const verified = await cliJson(['backup', 'verify', made.file]);
    expect(verified).toEqual({ file: made.file, ok: true, integrity: 'ok', schema_version: migrations.length, events: 6, users: 0, batches: 1, problem: null });
    // Opening it as a store shows the same data.
    expect((await cliJson<{ batches: unknown[] }>(['batches', '--db', made.file])).batches).toHaveLength(1);
  });

  it('backup now --to DIR writes a one-off backup into that folder', async () => {
    const { dir, db } = await storeWithBatch();
    const made = await cliJson<Backup>(['backup', 'now', '--to', path.join(dir, 'usb', 'shop'), '--db', db]);
    expect(path.dirname(made.file)).toBe(path.join(dir, 'usb', 'shop'));
    expect((await cliJson<{ ok: boolean }>(['backup', 'verify', made.file])).ok).toBe(true);
  });

  it('keeps the configured number of backups per kind, removing the oldest', async () => {
    const { db } = await storeWithBatch();
    await cliJson(['settings', '--backup-keep', 'manual=2', '--db', db]);
    const made: Backup[] = [];
    for (let index = 0; index < 4; index++) made.push(await cliJson<Backup>(['backup', 'now', '--db', db]));
    const listed = await cliJson<{ backups: Backup[] }>(['backups', '--db', db]);
    expect(listed.backups.map((backup) => backup.name)).toEqual([made[3]!.name, made[2]!.name]);
  });

  it('a missing backup folder: a clear error, no backup, nothing removed, and the listing says so', async () => {
    const { dir, db } = await storeWithBatch();
    const usb = path.join(dir, 'usb');
    fs.mkdirSync(usb);
    await cliJson(['settings', '--backup-folder', usb, '--db', db]);
    const first = await cliJson<Backup>(['backup', 'now', '--db', db]);
    fs.renameSync(usb, `${usb}-unplugged`);
    const run = await cli(['backup', 'now', '--db', db]);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(`shopfloor: the backup folder ${usb} is missing (a drive not connected?); no backup was made\n`);
    // The chosen folder is never created on the local disk in its place.
    expect(fs.existsSync(usb)).toBe(false);
    expect(await cliJson(['backups', '--db', db])).toEqual({ folder: usb, missing: true, backups: [] });
    fs.renameSync(`${usb}-unplugged`, usb);
    expect((await cliJson<{ backups: Backup[] }>(['backups', '--db', db])).backups.map((backup) => backup.name)).toEqual([first.name]);
  });

  it('a full backup folder: a clear error, the earlier backup kept, nothing half-written left', async (context) => {
    const { dir, db } = await storeWithBatch();
    const usb = path.join(dir, 'usb');
    const mount = mountSmallFs(usb, 2048);
    if (!mount) return context.skip();
    mounts.push(mount);
    await cliJson(['settings', '--backup-folder', usb, '--backup-keep', 'manual=1', '--db', db]);
    const first = await cliJson<Backup>(['backup', 'now', '--db', db]);
    fillDisk(usb, 64 * 1024);
    const run = await cli(['backup', 'now', '--db', db]);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(`shopfloor: the backup folder ${usb} is full; no backup was made and the earlier backups were kept\n`);
    expect(fs.readdirSync(usb).sort()).toEqual(['filler', first.name].sort());
    expect((await cliJson<{ ok: boolean }>(['backup', 'verify', first.file])).ok).toBe(true);
  });

  it('verify reports a damaged backup, a file that is not a database, and one from a newer Shopfloor (exit 1)', async () => {
    const { dir, db } = await storeWithBatch();
    const made = await cliJson<Backup>(['backup', 'now', '--db', db]);
    const damaged = path.join(dir, 'damaged.db');
    fs.copyFileSync(made.file, damaged);
    corruptPage(damaged, 3);
    const run = await cli(['backup', 'verify', damaged, '--json']);
    expect(run.code).toBe(1);
    const result = JSON.parse(run.stdout) as { ok: boolean; integrity: string; problem: string };
    expect(result.ok).toBe(false);
    expect(result.integrity).not.toBe('ok');
    expect(result.problem).toMatch(/^damaged\.db is damaged \(.+\)$/);

    const text = await cli(['backup', 'verify', path.join(dir, 'pos_2026-11-27.csv')]);
    expect([text.code, text.stdout]).toEqual([1, `${path.join(dir, 'pos_2026-11-27.csv')}: NOT OK: pos_2026-11-27.csv is not a Shopfloor database\n`]);

    const newer = path.join(dir, 'newer.db');
    fs.copyFileSync(made.file, newer);
    const header = Buffer.alloc(4);
    header.writeUInt32BE(migrations.length + 1);
    const fd = fs.openSync(newer, 'r+');
    fs.writeSync(fd, header, 0, 4, 60);
    fs.closeSync(fd);
    const future = JSON.parse((await cli(['backup', 'verify', newer, '--json'])).stdout) as { ok: boolean; problem: string };
    expect(future).toMatchObject({ ok: false, problem: `newer.db was written by a newer Shopfloor (schema ${migrations.length + 1}, this version knows ${migrations.length}); update Shopfloor first` });
  });
});
