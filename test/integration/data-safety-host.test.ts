import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import type { CoreHost } from '../../electron/core/host/core-host-types.ts';
import { startCoreHost } from '../../electron/core/host/start-core-host.ts';
import { ManualClock } from '../../electron/core/clock.ts';
import { writeLargePosCsv } from '../fixtures/pos-csv.ts';
import { writeReviewPosCsv } from '../fixtures/review-files.ts';
import { corruptPage } from '../helpers/corrupt-page.ts';
import { hour, JourneyScenario, t0 } from '../helpers/journey-scenario.ts';
import { cli, cliJson } from '../helpers/run-cli.ts';
import { startSmsTestGateway } from '../helpers/sms-test-gateway.ts';
import { useTempDir } from '../helpers/temp-dir.ts';

const tempDir = useTempDir();
const day = 24 * hour;
const hosts: CoreHost[] = [];
afterAll(async () => {
  for (const host of hosts) await host.close();
});

// Test-side view of results: loosely typed on purpose, each test asserts the shape it needs.
type Loose = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

async function call(host: CoreHost, method: string, input: unknown = {}): Promise<Loose> {
  const result = await host.invoke(method, input);
  if (!result.ok) throw new Error(`${method}: ${result.error.code} ${result.error.message}`);
  return result.value as Loose;
}

function peek<T>(db: string, sql: string): T {
  const connection = new Database(db, { readonly: true });
  try {
    return connection.prepare(sql).pluck().get() as T;
  } finally {
    connection.close();
  }
}

async function until(check: () => boolean | Promise<boolean>, what: string): Promise<void> {
  for (let attempt = 0; attempt < 1_500; attempt++) {
    try {
      if (await check()) return;
    } catch {
      // not there yet
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** A store with one committed POS upload, behind the app's core with its loop ticking every 20 ms on a manual clock. */
async function loopingHost(): Promise<{ dir: string; clock: ManualClock; host: CoreHost }> {
  const dir = tempDir();
  const db = path.join(dir, 'store.db');
  const clock = new ManualClock(t0);
  await cliJson(['import', writeReviewPosCsv(dir).file, '--tz', 'Asia/Tokyo', '--commit', '--db', db], clock);
  const host = startCoreHost({ dbPath: db, schedulerIntervalMs: 20, clock });
  hosts.push(host);
  return { dir, clock, host };
}

describe('the app: backups, restore and erasure through the core API', () => {
  it('backs up consistent snapshots while a dispatch and while a 200k-row import are running; the backups verify, open and restore', async () => {
    const gateway = await startSmsTestGateway({ delayMs: 300 });
    try {
      const dir = tempDir();
      const scenario = new JourneyScenario(dir);
      await scenario.settings(['--zone', 'Asia/Tokyo', '--quiet-hours', 'off', '--cap', 'sms=10']);
      await scenario.members(Array.from({ length: 80 }, (_, index) => ({ id: `S${index}`, phone: `+81 90 2000 ${String(index).padStart(4, '0')}` })), t0 - hour);
      const auth = path.join(dir, 'auth.txt');
      fs.writeFileSync(auth, 'Bearer gw');
      await scenario.run(['channels', 'sms', '--url', gateway.url, '--auth-value-file', auth, '--id-path', 'data.id']);
      await scenario.run(['channels', 'test', 'sms', '--to', '090-9999-0000']);
      await scenario.journey({ name: 'sms', nodes: [
        { id: 'entry', type: 'entry_past', segment: { attributes: [{ key: 'tier', op: 'eq', value: 'VIP' }] }, next: 'text' },
        { id: 'text', type: 'send_sms', body: 'Welcome back', next: null },
      ] });
      const big = path.join(dir, 'pos_200k.csv');
      await writeLargePosCsv(big, 200_000, { missingEvery: 33 });
      const host = startCoreHost({ dbPath: scenario.db, schedulerIntervalMs: 0, clock: new ManualClock(t0 + 60_000) });
      hosts.push(host);
      const snapshot = (file: string) => {
        const copy = new Database(file, { readonly: true });
        try {
          return {
            foreignKeys: copy.pragma('foreign_key_check'),
            importing: copy.prepare("SELECT count(*) FROM events e JOIN batches b ON b.id = e.batch_id WHERE b.status = 'importing'").pluck().get() as number,
            sent: copy.prepare("SELECT count(*) FROM messages WHERE status = 'sent'").pluck().get() as number,
          };
        } finally {
          copy.close();
        }
      };

      // The dispatcher is sending 80 text messages through a slow gateway.
      let ticked = false;
      const tick = call(host, 'engine.tick').then(() => { ticked = true; });
      await until(() => gateway.requests.length > 2, 'the dispatch to start');
      const duringDispatch = await call(host, 'backups.now');
      expect(ticked).toBe(false);
      expect(await call(host, 'backups.verify', { name: duringDispatch.name })).toMatchObject({ ok: true, integrity: 'ok' });
      const dispatching = snapshot(duringDispatch.file);
      expect(dispatching.foreignKeys).toEqual([]);
      expect(dispatching.sent).toBeLessThan(80);
      await tick;

      // A 200k-row import on the import worker, its first rows written under `importing`.
      let imported = false;
      host.on((event) => {
        if (event === 'import.finished' || event === 'import.failed') imported = true;
      });
      host.grants.grantFile(big); // as the import dialog does
      await call(host, 'import.start', { path: big, kind: 'pos', tz: 'Asia/Tokyo' });
      await until(() => peek<number>(scenario.db, "SELECT count(*) FROM events e JOIN batches b ON b.id = e.batch_id WHERE b.status = 'importing'") > 0, 'the import to write rows');
      const duringImport = await call(host, 'backups.now');
      expect(imported).toBe(false);
      expect(await call(host, 'backups.verify', { name: duringImport.name })).toMatchObject({ ok: true, integrity: 'ok' });
      const importingSnapshot = snapshot(duringImport.file);
      expect(importingSnapshot).toMatchObject({ foreignKeys: [], sent: 80 });
      expect(importingSnapshot.importing).toBeGreaterThan(0);
      expect((await cliJson<{ batches: unknown[] }>(['batches', '--db', duringImport.file])).batches).toHaveLength(2);
      await until(() => imported, 'the import to finish');

      // Restored, the half-written batch is dropped: what is back is exactly what was committed then.
      const restored = await call(host, 'backups.restore', { name: duringImport.name });
      expect(restored).toMatchObject({ batches: 1, events: 0, messages: 80 });
      expect((await call(host, 'batches.list')).batches.map((batch: Loose) => batch.status)).toEqual(['committed']);
    } finally {
      await gateway.close();
    }
  }, 180_000);

  it('the loop backs up daily and weekly, purges raw rows after the retention period, and a missing folder is one notification, never a crash', async () => {
    const { dir, clock, host } = await loopingHost();
    const failures: Loose[] = [];
    host.on((event, payload) => {
      if (event === 'backup.failed') failures.push(payload as Loose);
    });
    const kinds = async () => (await call(host, 'data.get')).backups.map((backup: Loose) => backup.kind).sort();
    await expect.poll(kinds, { timeout: 20_000 }).toEqual(['daily', 'weekly']);

    clock.advance(day);
    await expect.poll(kinds, { timeout: 20_000 }).toEqual(['daily', 'daily', 'weekly']);

    const usb = path.join(dir, 'usb');
    fs.mkdirSync(usb);
    host.grants.grantFolder(usb); // as the folder dialog does
    await call(host, 'data.setBackupFolder', { path: usb });
    fs.rmdirSync(usb);
    clock.advance(day);
    await expect.poll(() => failures.length, { timeout: 20_000 }).toBe(1);
    expect(failures[0]).toMatchObject({ code: 'backup_folder_missing', message: `the backup folder ${usb} is missing (a drive not connected?); no backup was made` });
    expect((await call(host, 'data.get'))).toMatchObject({ folder_missing: true, last_error: { code: 'backup_folder_missing' } });
    clock.advance(2 * hour);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(failures).toHaveLength(1);
    expect(fs.readdirSync(path.join(dir, 'backups')).filter((name) => name.endsWith('.db'))).toHaveLength(3);

    clock.advance(90 * day);
    await expect.poll(async () => (await call(host, 'batches.get', { id: 1 })).raw_purged_at, { timeout: 20_000 }).not.toBeNull();
    expect((await call(host, 'batches.rows', { id: 1, outcome: 'rejected' })).rows.map((row: Loose) => row.cells)).toEqual([[], []]);
  });

  it('restores a backup by name (the scheduler waits), says so, and erases a customer only with the typed confirmation', async () => {
    const { clock, host } = await loopingHost();
    const events: string[] = [];
    host.on((event) => events.push(event));
    const backup = await call(host, 'backups.now');
    await call(host, 'privacy.erase', { userId: 'M100001', confirm: 'M100001' });
    expect(await host.invoke('privacy.erase', { userId: 'M100000', confirm: 'M10000' })).toEqual({ ok: false, error: { code: 'confirmation_mismatch', message: 'type the customer id exactly as shown to confirm' } });

    const preview = await call(host, 'backups.restorePreview', { name: backup.name });
    expect(preview).toMatchObject({ check: { ok: true, events: 6 }, replaces: { events: 5 } });
    const restored = await call(host, 'backups.restore', { name: backup.name });
    expect(restored).toMatchObject({ events: 5, erasures_reapplied: 1 });
    expect(events).toContain('store.restored');
    expect(await host.invoke('backups.restore', { name: '../store.db' })).toMatchObject({ ok: false, error: { code: 'bad_backup' } });
    // The loop runs again afterwards.
    clock.advance(day);
    await expect.poll(async () => (await call(host, 'data.get')).backups.filter((each: Loose) => each.kind === 'daily').length, { timeout: 20_000 }).toBeGreaterThan(0);
  });

  it('a damaged store is not opened: the app is told why and offered the newest good backup, and restoring it opens the store', async () => {
    const dir = tempDir();
    const db = path.join(dir, 'store.db');
    await cliJson(['import', writeReviewPosCsv(dir).file, '--tz', 'Asia/Tokyo', '--commit', '--db', db]);
    const backup = await cliJson<{ file: string; name: string }>(['backup', 'now', '--db', db]);
    const reader = new Database(db, { readonly: true });
    const page = reader.prepare("SELECT pageno FROM dbstat WHERE name = 'events' AND pagetype = 'leaf' LIMIT 1").pluck().get() as number;
    reader.close();
    corruptPage(db, page);

    const host = startCoreHost({ dbPath: db, schedulerIntervalMs: 0 });
    hosts.push(host);
    const status = await call(host, 'store.status');
    expect(status).toMatchObject({ state: 'damaged', file: db, problem: expect.any(String), newest_good_backup: { name: backup.name } });
    const refused = await host.invoke('batches.list', {});
    expect(refused).toMatchObject({ ok: false, error: { code: 'store_damaged', message: expect.stringMatching(/^store\.db: the database is damaged \(.+\); it was not opened/) } });
    const restored: string[] = [];
    host.on((event) => restored.push(event));
    await call(host, 'backups.restore', { name: backup.name });
    expect(restored).toContain('store.restored');
    expect(await call(host, 'store.status')).toMatchObject({ state: 'ok' });
    expect((await call(host, 'batches.list')).batches).toHaveLength(1);
    expect((await cli(['check', '--db', db])).code).toBe(0);
  });
});
