import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrations } from '../../electron/core/store/migrations.ts';
import { outboxTicks, seedOutboxStore } from '../fixtures/journey-store.ts';
import { corruptPage } from '../helpers/corrupt-page.ts';
import { day, hour, t0 } from '../helpers/journey-scenario.ts';
import { cli, cliJson } from '../helpers/run-cli.ts';
import { tableHashes } from '../helpers/table-hashes.ts';
import { useTempDir } from '../helpers/temp-dir.ts';

const tempDir = useTempDir();

interface Backup { file: string; name: string; kind: string; schema_version: number }
interface Restored { restored: string; previous: string; events: number; users: number; batches: number; messages_marked_unknown: number; erasures_reapplied: number }

describe('restore FILE', () => {
  it('brings back exactly the backup\'s batches, events, profiles, journeys, runs and outbox, after backing up the current store', async () => {
    const { scenario } = await seedOutboxStore(tempDir());
    await scenario.tick(outboxTicks[0]!);
    const backup = await scenario.run<Backup>(['backup', 'now']);
    const atBackup = tableHashes(backup.file);
    expect(atBackup.messages!.rows).toBeGreaterThan(0);

    // Life goes on: another day's members sheet, a purchase, the engine runs.
    await scenario.members([{ id: 'N1' }, { id: 'N2', tier: 'Gold' }], t0 + 3 * day);
    await scenario.purchases([{ user: 'V3', occurred: t0 + 3 * day }], t0 + 3 * day + hour);
    const beforeRestore = tableHashes(scenario.db);
    expect(beforeRestore.users).not.toEqual(atBackup.users);

    const restored = await scenario.run<Restored>(['restore', backup.file, '--yes']);
    expect(restored).toMatchObject({ restored: backup.file, events: atBackup.events!.rows, users: atBackup.users!.rows, batches: atBackup.batches!.rows, messages_marked_unknown: 0, erasures_reapplied: 0 });
    expect(tableHashes(scenario.db)).toEqual(atBackup);
    // The replaced store was backed up first: it is all in `previous`.
    expect(path.basename(restored.previous)).toMatch(/-pre-restore\.db$/);
    expect(tableHashes(restored.previous)).toEqual(beforeRestore);
    expect((await cliJson<{ ok: boolean }>(['backup', 'verify', restored.previous])).ok).toBe(true);
  });

  it('messages the backup had scheduled but the replaced store had sent become unknown, and are not sent again', async () => {
    const { scenario } = await seedOutboxStore(tempDir());
    await scenario.tick(outboxTicks[0]!);
    await scenario.tick(outboxTicks[1]!);
    // Quiet hours until 09:00: V3's encouragement and V2's SMS wait, scheduled.
    const waiting = (await scenario.outbox()).filter((message) => message.status === 'scheduled').map((message) => `${message.user_id} ${message.node}`);
    expect(waiting.sort()).toEqual(['V2 sms', 'V3 encourage']);
    const backup = await scenario.run<Backup>(['backup', 'now']);
    await scenario.tick(t0 + 8 * day + 10 * hour);
    expect((await scenario.outbox(['--status', 'scheduled']))).toEqual([]);

    const restored = await scenario.run<Restored>(['restore', backup.file, '--yes']);
    expect(restored.messages_marked_unknown).toBe(2);
    const unknown = await scenario.outbox(['--status', 'unknown']);
    expect(unknown.map((message) => `${message.user_id} ${message.node}`).sort()).toEqual(['V2 sms', 'V3 encourage']);
    await scenario.tick(t0 + 8 * day + 11 * hour);
    expect((await scenario.outbox(['--status', 'unknown'])).length).toBe(2);
    expect((await scenario.outbox(['--status', 'sent'])).map((message) => message.user_id)).toEqual(['V1']);
  });

  it('a send the backup had not reached yet, replayed after the restore, is marked unknown instead of going out twice', async () => {
    const { scenario } = await seedOutboxStore(tempDir());
    await scenario.tick(outboxTicks[0]!);
    const backup = await scenario.run<Backup>(['backup', 'now']);
    await scenario.tick(outboxTicks[1]!);
    await scenario.tick(t0 + 8 * day + 10 * hour);
    expect((await scenario.outbox(['--status', 'sent'])).map((message) => message.user_id).sort()).toEqual(['V1', 'V2', 'V3']);

    await scenario.run(['restore', backup.file, '--yes']);
    // The engine replays V2's and V3's runs from the backup and reaches the same sends again.
    await scenario.tick(t0 + 8 * day + 10 * hour + 60_000);
    expect((await scenario.outbox(['--status', 'sent'])).map((message) => message.user_id)).toEqual(['V1']);
    expect((await scenario.outbox(['--status', 'unknown'])).map((message) => message.user_id).sort()).toEqual(['V2', 'V3']);
  });

  it('a restored backup does not bring an erased customer back', async () => {
    const { scenario, journeyId } = await seedOutboxStore(tempDir());
    await scenario.tick(outboxTicks[0]!);
    // A report keeps each run's outcome: the backup holds V1's too.
    const report = await scenario.run<{ target: { entered: number } }>(['journey', 'report', String(journeyId)]);
    const backup = await scenario.run<Backup>(['backup', 'now']);
    await scenario.run(['erase', 'V1', '--yes']);
    const restored = await scenario.run<Restored>(['restore', backup.file, '--yes']);
    expect(restored.erasures_reapplied).toBe(1);
    expect(await scenario.run(['timeline', 'V1'])).toMatchObject({ user: null, events: [] });
    const db = new Database(scenario.db, { readonly: true });
    try {
      for (const table of ['users', 'events', 'journey_runs', 'messages', 'profile_changes']) {
        expect(db.prepare(`SELECT count(*) FROM ${table} WHERE user_id = 'V1'`).pluck().get(), table).toBe(0);
      }
    } finally {
      db.close();
    }
    expect((await scenario.run<{ erasures: unknown[] }>(['erasures'])).erasures).toHaveLength(1);
    // The report no longer counts V1.
    expect((await scenario.run<{ target: { entered: number } }>(['journey', 'report', String(journeyId)])).target.entered).toBe(report.target.entered - 1);
    // And the suppression still holds.
    const again = await scenario.run<{ issues: Record<string, number> }>(['import', path.join(path.dirname(scenario.db), 'members-1.csv'), '--kind', 'members']);
    expect(again.issues.erased_user).toBe(1);
  });

  it('without --yes, or with a backup that fails verification or comes from a newer Shopfloor, nothing changes', async () => {
    const { scenario } = await seedOutboxStore(tempDir());
    const backup = await scenario.run<Backup>(['backup', 'now']);
    await scenario.tick(outboxTicks[0]!);
    const before = tableHashes(scenario.db);
    const backups = () => fs.readdirSync(path.dirname(backup.file)).sort();
    const folderBefore = backups();

    const dry = await cli(['restore', backup.file, '--db', scenario.db], scenario.clock);
    expect(dry.code).toBe(1);
    expect(dry.stderr).toBe('shopfloor: nothing was restored: add --yes to replace the store\n');
    expect(dry.stdout).toMatch(/^Restoring .+ \(1 events, 4 customers, 2 batches\) would replace the current store \(1 events, 4 customers, 2 batches, 1 messages\)\.\nThe current store would be backed up first, into .+backups\.\n$/);

    const damaged = path.join(path.dirname(scenario.db), 'damaged.db');
    fs.copyFileSync(backup.file, damaged);
    corruptPage(damaged, 3);
    const refused = await cli(['restore', damaged, '--yes', '--db', scenario.db], scenario.clock);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^shopfloor: damaged\.db is damaged \(.+\); nothing was changed\n$/);

    const newer = path.join(path.dirname(scenario.db), 'newer.db');
    fs.copyFileSync(backup.file, newer);
    const fd = fs.openSync(newer, 'r+');
    const version = Buffer.alloc(4);
    version.writeUInt32BE(migrations.length + 1);
    fs.writeSync(fd, version, 0, 4, 60);
    fs.closeSync(fd);
    const future = await cli(['restore', newer, '--yes', '--db', scenario.db], scenario.clock);
    expect(future.stderr).toBe(`shopfloor: newer.db was written by a newer Shopfloor (schema ${migrations.length + 1}, this version knows ${migrations.length}); update Shopfloor first; nothing was changed\n`);

    expect(tableHashes(scenario.db)).toEqual(before);
    expect(backups()).toEqual(folderBefore);
  });

  it('backs up before a schema migration, and that older backup can be restored (migrated on a copy)', async () => {
    const dir = tempDir();
    const db = path.join(dir, 'store.db');
    // A store as the previous version left it: every migration but the last.
    const old = new Database(db);
    for (const migration of migrations.slice(0, -1)) old.exec(migration);
    old.pragma(`user_version = ${migrations.length - 1}`);
    old.prepare(`INSERT INTO users (user_id, attrs, created_at, updated_at) VALUES ('M1', '{"tier":"VIP"}', 1, 1)`).run();
    old.close();

    const listed = await cliJson<{ backups: Backup[] }>(['backups', '--db', db]);
    expect(listed.backups.map((backup) => [backup.kind, backup.schema_version])).toEqual([['pre-migration', migrations.length - 1]]);
    const preMigration = listed.backups[0]!;
    expect((await cliJson<{ ok: boolean }>(['backup', 'verify', preMigration.file])).ok).toBe(true);

    await cliJson(['erase', 'M1', '--yes', '--db', db]);
    await cliJson(['settings', '--zone', 'Asia/Tokyo', '--db', db]);
    const restored = await cliJson<Restored>(['restore', preMigration.file, '--yes', '--db', db]);
    // The schema is this version's; the customer M1 of the old backup stays erased.
    expect(restored).toMatchObject({ users: 0, erasures_reapplied: 1 });
    expect(new Database(db, { readonly: true }).pragma('user_version', { simple: true })).toBe(migrations.length);
  });
});
