import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { aesSecretBox } from '../../electron/core/channels/secret-box.ts';
import { startCoreHost } from '../../electron/core/host/start-core-host.ts';
import { startSmtpTestServer } from '../helpers/smtp-test-server.ts';
import { useTempDir } from '../helpers/temp-dir.ts';

const tempDir = useTempDir();
const closers: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const close of closers.reverse()) await close();
});

describe('channel settings through the API the UI uses', () => {
  it('saves a channel without ever returning its secret, tests it, and reports errors clearly', async () => {
    const smtp = await startSmtpTestServer();
    const dir = tempDir();
    const core = startCoreHost({ dbPath: path.join(dir, 'store.db'), schedulerIntervalMs: 0, secretBox: aesSecretBox(Buffer.alloc(32, 3)) });
    closers.push(smtp.close, () => core.close());

    const invalid = await core.invoke('channels.saveEmail', { config: { host: '127.0.0.1', port: 'twenty-five', security: 'none', from: 'not an address' }, password: 'x' });
    expect(invalid).toMatchObject({ ok: false, error: { code: 'bad_channel', message: expect.stringMatching(/port: .*; from: /) } });

    const saved = await core.invoke('channels.saveEmail', { config: { host: '127.0.0.1', port: smtp.port, security: 'none', from: 'shop@example.jp', user: 'shop' }, password: 'top-secret' });
    expect(saved).toMatchObject({ ok: true, value: { email: { configured: true, live: false, has_secret: true }, sms: { configured: false } } });
    expect(JSON.stringify(saved)).not.toContain('top-secret');
    // Saving again without a password keeps the stored one.
    await core.invoke('channels.saveEmail', { config: { host: '127.0.0.1', port: smtp.port, security: 'none', from: 'shop@example.jp', user: 'shop' } });
    expect((await core.invoke('channels.status', {}))).toMatchObject({ ok: true, value: { email: { has_secret: true } } });

    const tested = await core.invoke('channels.test', { channel: 'email', to: 'clerk@example.jp' });
    expect(tested).toMatchObject({ ok: true, value: { ok: true, outcome: 'accepted' } });
    expect(smtp.mails).toHaveLength(1);
    expect((await core.invoke('channels.status', {}))).toMatchObject({ ok: true, value: { email: { live: true } } });

    smtp.refuse(1, 550, 'No such user');
    expect(await core.invoke('channels.test', { channel: 'email', to: 'nobody@example.jp' })).toMatchObject({ ok: true, value: { ok: false, outcome: 'permanent', error: expect.stringContaining('550') } });
    expect(await core.invoke('channels.test', { channel: 'sms', to: '+819012345678' })).toMatchObject({ ok: false, error: { code: 'channel_not_configured' } });
    expect(fs.readFileSync(path.join(dir, 'store.db')).includes(Buffer.from('top-secret'))).toBe(false);
  });
});
