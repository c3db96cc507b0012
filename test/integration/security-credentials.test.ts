import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { aesSecretBox } from '../../electron/core/channels/secret-box.ts';
import { ManualClock } from '../../electron/core/clock.ts';
import { startCoreHost } from '../../electron/core/host/start-core-host.ts';
import type { CoreHost } from '../../electron/core/host/core-host-types.ts';
import { posHeader, toDelimited } from '../fixtures/pos-csv.ts';
import { startSmsTestGateway } from '../helpers/sms-test-gateway.ts';
import { startSmtpTestServer } from '../helpers/smtp-test-server.ts';
import { startUpstreamTestServer } from '../helpers/upstream-test-server.ts';
import { useTempDir } from '../helpers/temp-dir.ts';
import { cli } from '../helpers/run-cli.ts';

const tempDir = useTempDir();
const closers: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const close of closers.reverse()) await close();
});

const box = aesSecretBox(Buffer.alloc(32, 7));

/** The core as the app runs it (the calls below are what a compromised window could send over IPC). */
function startCore(): { core: CoreHost; dbPath: string; dir: string } {
  const dir = tempDir();
  const dbPath = path.join(dir, 'store.db');
  const core = startCoreHost({ dbPath, clock: new ManualClock(Date.parse('2026-12-01T00:00:00Z')), schedulerIntervalMs: 0, secretBox: box });
  closers.push(() => core.close());
  return { core, dbPath, dir };
}

/** A committed POS batch, so that a sync has something to push. */
async function commitPos(core: CoreHost, dir: string): Promise<void> {
  const file = path.join(dir, 'pos.csv');
  fs.writeFileSync(file, toDelimited([posHeader, ['M1', '2026/11/27 10:00', 'S01', 'R1', '1', 'A', 'Tea', '1', '100', '100', 'cash']]));
  const db = path.join(dir, 'store.db');
  expect((await cli(['import', file, '--tz', 'Asia/Tokyo', '--commit', '--db', db])).code).toBe(0);
}

describe('a stored secret stays with its destination', () => {
  it('SMTP: a changed server needs the password again, so channels.test cannot hand it to another server', async () => {
    const shop = await startSmtpTestServer();
    const thief = await startSmtpTestServer();
    closers.push(shop.close, thief.close);
    const { core } = startCore();
    const email = (port: number, extra: Record<string, unknown> = {}) => ({ host: '127.0.0.1', port, security: 'none', from: 'shop@example.jp', user: 'shop', ...extra });

    expect(await core.invoke('channels.saveEmail', { config: email(shop.port), password: 'smtp-secret' })).toMatchObject({ ok: true });
    expect(await core.invoke('channels.saveEmail', { config: email(thief.port) })).toMatchObject({
      ok: false, error: { code: 'bad_channel', message: `password: the server changed (smtp://127.0.0.1:${shop.port} → smtp://127.0.0.1:${thief.port}): enter the password again for the new one` },
    });
    // Turning certificate checks off is another destination too; the sender's name is not.
    expect(await core.invoke('channels.saveEmail', { config: email(shop.port, { reject_unauthorized: false }) })).toMatchObject({ ok: false, error: { code: 'bad_channel' } });
    expect(await core.invoke('channels.saveEmail', { config: email(shop.port, { from_name: 'Shibuya' }) })).toMatchObject({ ok: true });

    expect(await core.invoke('channels.test', { channel: 'email', to: 'clerk@example.jp' })).toMatchObject({ ok: true, value: { ok: true } });
    expect(shop.logins).toEqual([{ user: 'shop', password: 'smtp-secret' }]);
    expect(thief.logins).toEqual([]);
    expect(thief.mails).toEqual([]);

    // With the password typed again, the new server is fine.
    expect(await core.invoke('channels.saveEmail', { config: email(thief.port), password: 'new-secret' })).toMatchObject({ ok: true });
  });

  it('SMS gateway: another origin needs the credential again; another path on the same gateway does not', async () => {
    const gateway = await startSmsTestGateway();
    const thief = await startSmsTestGateway();
    closers.push(gateway.close, thief.close);
    const { core } = startCore();
    expect(await core.invoke('channels.saveSms', { config: { url: gateway.url }, authValue: 'Bearer gw-secret' })).toMatchObject({ ok: true });
    expect(await core.invoke('channels.saveSms', { config: { url: thief.url } })).toMatchObject({ ok: false, error: { code: 'bad_channel', message: expect.stringMatching(/^authValue: the server changed/) } });
    expect(await core.invoke('channels.saveSms', { config: { url: `${gateway.url}/v2` } })).toMatchObject({ ok: true });
    expect(await core.invoke('channels.test', { channel: 'sms', to: '+819012345678' })).toMatchObject({ ok: true });
    expect(thief.requests).toEqual([]);
    expect(gateway.requests.map((request) => request.auth)).toEqual(['Bearer gw-secret']);
  });

  it('upstream: a new base URL needs the token again, and no path (//other-host/x) leaves the base URL', async () => {
    const platform = await startUpstreamTestServer();
    const thief = await startUpstreamTestServer();
    closers.push(platform.close, thief.close);
    const { core, dir } = startCore();
    const thiefHost = thief.url.replace(/^http:/, '');
    expect(await core.invoke('upstream.save', { config: { base_url: platform.url, app_id: 'shop' }, token: 'tok-secret' })).toMatchObject({ ok: true });
    expect(await core.invoke('upstream.save', { config: { base_url: thief.url, app_id: 'shop' } })).toMatchObject({ ok: false, error: { code: 'bad_upstream', message: expect.stringMatching(/^token: the server changed/) } });
    for (const field of ['events_path', 'delete_users_path']) {
      for (const path of [`${thiefHost}/v1/events/import`, '/\\evil.example/x']) {
        expect(await core.invoke('upstream.save', { config: { base_url: platform.url, app_id: 'shop', [field]: path } }), `${field} ${path}`)
          .toMatchObject({ ok: false, error: { code: 'bad_upstream', message: expect.stringMatching(new RegExp(`^${field}: a path on the base URL's server`)) } });
      }
    }
    await commitPos(core, dir);
    expect(await core.invoke('upstream.syncNow', {})).toMatchObject({ ok: true, value: { report: { done: 1 } } });
    expect(platform.accepted.map((upload) => upload.headers.authorization)).toEqual(['Token tok-secret']);
    expect(thief.requests).toEqual([]);
  });

  it('a credential saved before secrets were bound stays with the destination saved with it; a destination changed behind the API gets nothing', async () => {
    const shop = await startSmtpTestServer();
    const thief = await startSmtpTestServer();
    closers.push(shop.close, thief.close);
    const { core, dbPath } = startCore();
    expect(await core.invoke('channels.saveEmail', { config: { host: '127.0.0.1', port: shop.port, security: 'none', from: 'shop@example.jp', user: 'shop' }, password: 'x' })).toMatchObject({ ok: true });
    const db = new Database(dbPath);
    // As the previous version sealed it: the bare password.
    db.prepare("UPDATE channels SET secret = ? WHERE channel = 'email'").run(box.seal('legacy-secret'));
    expect(await core.invoke('channels.test', { channel: 'email', to: 'clerk@example.jp' })).toMatchObject({ ok: true, value: { ok: true } });
    expect(shop.logins.at(-1)).toEqual({ user: 'shop', password: 'legacy-secret' });
    expect(await core.invoke('channels.saveEmail', { config: { host: '127.0.0.1', port: thief.port, security: 'none', from: 'shop@example.jp', user: 'shop' } })).toMatchObject({ ok: false, error: { code: 'bad_channel' } });

    // A bound password follows no change made to the stored configuration by any other way.
    expect(await core.invoke('channels.saveEmail', { config: { host: '127.0.0.1', port: shop.port, security: 'none', from: 'shop@example.jp', user: 'shop' }, password: 'bound-secret' })).toMatchObject({ ok: true });
    db.prepare("UPDATE channels SET config = json_set(config, '$.port', ?) WHERE channel = 'email'").run(thief.port);
    db.close();
    expect(await core.invoke('channels.test', { channel: 'email', to: 'clerk@example.jp' })).toMatchObject({ ok: false, error: { code: 'secret_destination_changed' } });
    expect(thief.logins).toEqual([]);
  });
});

describe('redirects with credentials', () => {
  it('the SMS gateway answering 307 to another host is a failure with a clear message; the number, text and key go nowhere else', async () => {
    const gateway = await startSmsTestGateway();
    const elsewhere = await startSmsTestGateway();
    closers.push(gateway.close, elsewhere.close);
    const { core } = startCore();
    expect(await core.invoke('channels.saveSms', { config: { url: gateway.url, auth_header: 'X-Api-Key' }, authValue: 'gw-key' })).toMatchObject({ ok: true });
    gateway.script('+819012345678', [{ status: 307, location: elsewhere.url }]);
    expect(await core.invoke('channels.test', { channel: 'sms', to: '+819012345678' })).toMatchObject({
      ok: true, value: { ok: false, outcome: 'permanent', error: expect.stringContaining(`HTTP 307: the server redirects to ${new URL(elsewhere.url).origin}; Shopfloor does not follow redirects with credentials`) },
    });
    expect(elsewhere.requests).toEqual([]);
  });

  it('the platform answering 308 to another host fails the upload job with that message; the token and the file go nowhere else', async () => {
    const platform = await startUpstreamTestServer();
    const elsewhere = await startUpstreamTestServer();
    closers.push(platform.close, elsewhere.close);
    const { core, dir } = startCore();
    expect(await core.invoke('upstream.save', { config: { base_url: platform.url, app_id: 'shop' }, token: 'tok-secret' })).toMatchObject({ ok: true });
    await commitPos(core, dir);
    platform.script({ status: 308, location: `${elsewhere.url}/v1/events/import` });
    const synced = await core.invoke('upstream.syncNow', {});
    expect(synced).toMatchObject({ ok: true, value: { report: { failed: 1 }, jobs: [{ status: 'failed', last_error: expect.stringMatching(/^HTTP 308: the server redirects to http:\/\/127\.0\.0\.1:\d+; Shopfloor does not follow redirects/) }] } });
    expect(elsewhere.requests).toEqual([]);
  });
});

describe('credentials without TLS', () => {
  it('are refused except to this computer: SMTP security none with a password, http: for the gateway and the platform', async () => {
    const { core, dbPath } = startCore();
    const refusals: Array<[string, unknown, RegExp]> = [
      ['channels.saveEmail', { config: { host: 'smtp.example.jp', port: 25, security: 'none', from: 'shop@example.jp', user: 'shop' }, password: 'pw' }, /^security: an SMTP password is only sent over TLS/],
      ['channels.saveSms', { config: { url: 'http://gateway.example/send' }, authValue: 'Bearer x' }, /^url: a credential is only sent over https/],
      ['upstream.save', { config: { base_url: 'http://api.example', app_id: 'shop' }, token: 'tok' }, /^base_url: a credential is only sent over https/],
    ];
    for (const [method, input, message] of refusals) {
      expect(await core.invoke(method, input), method).toMatchObject({ ok: false, error: { message: expect.stringMatching(message) } });
    }
    const accepted: Array<[string, unknown]> = [
      ['channels.saveEmail', { config: { host: 'smtp.example.jp', port: 587, security: 'starttls', from: 'shop@example.jp', user: 'shop' }, password: 'pw' }],
      ['channels.saveEmail', { config: { host: 'localhost', port: 25, security: 'none', from: 'shop@example.jp', user: 'shop' }, password: 'pw' }],
      ['channels.saveSms', { config: { url: 'https://gateway.example/send' }, authValue: 'Bearer x' }],
      ['channels.saveSms', { config: { url: 'http://[::1]:8080/send' }, authValue: 'Bearer x' }],
      ['upstream.save', { config: { base_url: 'https://api.example', app_id: 'shop' }, token: 'tok' }],
    ];
    for (const [method, input] of accepted) expect(await core.invoke(method, input), JSON.stringify(input)).toMatchObject({ ok: true });
    // Without a credential, plain SMTP to a relay stays possible.
    expect(await core.invoke('channels.saveEmail', { config: { host: 'relay.example.jp', port: 25, security: 'none', from: 'shop@example.jp' }, password: null })).toMatchObject({ ok: true });

    // A setup saved by an earlier version is refused at send time, before anything leaves.
    const db = new Database(dbPath);
    db.prepare("UPDATE channels SET config = json_set(config, '$.security', 'none', '$.host', 'smtp.example.jp'), secret = ? WHERE channel = 'email'").run(box.seal('pw'));
    db.close();
    expect(await core.invoke('channels.test', { channel: 'email', to: 'clerk@example.jp' })).toMatchObject({
      ok: true, value: { ok: false, outcome: 'permanent', error: expect.stringMatching(/^an SMTP password is only sent over TLS/) },
    });
  });
});
