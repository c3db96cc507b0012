import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { openSettingsSection } from '../fixtures/settings-sections.ts';
import { scrollMainTo, shootEverywhere } from '../fixtures/ui-snapshots.ts';
import { cliJson } from '../helpers/run-cli.ts';
import { startSmsTestGateway } from '../helpers/sms-test-gateway.ts';
import { startSmtpTestServer } from '../helpers/smtp-test-server.ts';
import { useTempDir } from '../helpers/temp-dir.ts';
import { openApp, useHarness } from './support.ts';

const tempDir = useTempDir();
let smtp: Awaited<ReturnType<typeof startSmtpTestServer>>;
let gateway: Awaited<ReturnType<typeof startSmsTestGateway>>;
let db: string;

interface ChannelShow {
  email: { configured: boolean; live: boolean; has_secret: boolean; config: Record<string, unknown> | null };
  sms: { configured: boolean; live: boolean; has_secret: boolean; config: Record<string, unknown> | null };
}

const app = useHarness(async () => {
  db = path.join(tempDir(), 'store.db');
  await cliJson(['settings', '--zone', 'Asia/Tokyo', '--quiet-hours', 'off', '--db', db]);
  [smtp, gateway] = await Promise.all([startSmtpTestServer(), startSmsTestGateway()]);
  return db;
});

afterAll(async () => {
  await smtp?.close();
  await gateway?.close();
});

const channels = () => cliJson<ChannelShow>(['channels', 'show', '--db', db]);
const state = (panel: Locator) => panel.locator('.channel-state .badge').innerText();

/** The text of the error a control points to with aria-describedby (once the save's answer has come back from the core). */
async function describedError(control: Locator): Promise<string> {
  await expect.poll(() => control.getAttribute('aria-invalid')).toBe('true');
  const id = await control.getAttribute('aria-describedby');
  return control.page().locator(`[id="${id}"]`).innerText();
}

async function openChannels(page: Page): Promise<{ email: Locator; sms: Locator }> {
  await openSettingsSection(page, 'Channels');
  const email = page.getByRole('region', { name: 'Email (SMTP)' });
  await email.waitFor();
  return { email, sms: page.getByRole('region', { name: 'SMS (HTTP gateway)' }) };
}

describe('settings: channels', () => {
  it('sets up email over SMTP: a bad port is refused next to the field, save is a dry run, a test message turns it live', async () => {
    const page = await openApp(app.browser, app.web.url);
    const { email } = await openChannels(page);
    expect(await state(email)).toBe('Dry run — not set up');
    expect(await email.getByRole('button', { name: 'Send a test message' }).isDisabled()).toBe(true);

    await email.getByLabel('SMTP server').fill('127.0.0.1');
    await email.getByLabel('Connection security').selectOption('none');
    expect(await email.getByLabel('Port', { exact: true }).inputValue()).toBe('25');
    await email.getByLabel('Port', { exact: true }).fill('70000');
    await email.getByLabel('User name').fill('shop');
    await email.getByLabel('Password', { exact: true }).fill('pa55-w0rd');
    await email.getByLabel('From address').fill('shop@');
    await email.getByRole('button', { name: 'Save', exact: true }).click();
    expect(await describedError(email.getByLabel('Port', { exact: true }))).toBe('Enter a port number from 1 to 65535 (usually 587, 465 or 25).');
    expect(await email.getByRole('alert').filter({ hasText: 'attention' }).innerText()).toBe('1 field needs attention: the settings were not saved.');
    expect((await channels()).email.configured).toBe(false);

    // The core checks the address: its refusal lands next to the field too, in plain words.
    await email.getByLabel('Port', { exact: true }).fill(String(smtp.port));
    await email.getByRole('button', { name: 'Save', exact: true }).click();
    await expect.poll(() => email.getByLabel('From address').getAttribute('aria-invalid')).toBe('true');
    expect(await describedError(email.getByLabel('From address'))).toBe('Enter an email address, such as shop@example.jp.');
    expect(await email.getByLabel('Port', { exact: true }).getAttribute('aria-invalid')).toBeNull();
    expect((await channels()).email.configured).toBe(false);

    await email.getByLabel('From address').fill('shop@example.jp');
    await email.getByLabel('Sender name').fill('Shibuya store');
    await email.getByRole('button', { name: 'Save', exact: true }).click();
    await expect.poll(() => state(email)).toBe('Set up, not tested — dry run');
    expect(await email.getByLabel('Password', { exact: true }).inputValue()).toBe('');
    expect(await email.getByLabel('Password', { exact: true }).getAttribute('placeholder')).toBe('stored — leave empty to keep');
    expect(await channels()).toMatchObject({ email: { configured: true, live: false, has_secret: true, config: { host: '127.0.0.1', port: smtp.port, security: 'none', from: 'shop@example.jp', from_name: 'Shibuya store', user: 'shop' } } });
    expect(JSON.stringify(await page.evaluate(() => document.body.innerHTML))).not.toContain('pa55-w0rd');

    await email.getByLabel('Send to (email address)').fill('clerk@example.jp');
    await email.getByRole('button', { name: 'Send a test message' }).click();
    await expect.poll(() => email.getByRole('status').filter({ hasText: 'test message was accepted' }).count()).toBe(1);
    expect(smtp.mails.map((mail) => [mail.to, mail.parsed.subject, mail.parsed.from?.value[0]?.name])).toEqual([[['clerk@example.jp'], 'Shopfloor test message', 'Shibuya store']]);
    await expect.poll(() => state(email)).toMatch(/^Live since [A-Z][a-z]{2} \d+, \d{4}, \d+:\d\d\s?[AP]M$/);
    expect((await channels()).email.live).toBe(true);

    // A saved change goes back to dry run until the next test; the stored password is kept.
    await email.getByLabel('Sender name').fill('Shibuya');
    await email.getByRole('button', { name: 'Save', exact: true }).click();
    await expect.poll(() => state(email)).toBe('Set up, not tested — dry run');
    expect(await channels()).toMatchObject({ email: { live: false, has_secret: true } });
    await email.getByRole('button', { name: 'Send a test message' }).click();
    await expect.poll(() => state(email)).toMatch(/^Live since /);

    const shots = await shootEverywhere(page, 'settings-channels', (shot) => scrollMainTo(shot, '.settings'));
    expect(Object.values(shots).flat()).toEqual([]);
    await page.context().close();
  });

  it('sets up SMS through the HTTP gateway the same way', async () => {
    const page = await openApp(app.browser, app.web.url);
    const { sms } = await openChannels(page);
    expect(await state(sms)).toBe('Dry run — not set up');

    await sms.getByLabel('Gateway address (URL)').fill('127.0.0.1/send');
    await sms.getByLabel('Credential', { exact: true }).fill('Bearer gw-token');
    await sms.getByText('More options').click();
    await sms.getByLabel('Message ID in the answer').fill('data.id');
    await sms.getByRole('button', { name: 'Save', exact: true }).click();
    await expect.poll(() => sms.getByLabel('Gateway address (URL)').getAttribute('aria-invalid')).toBe('true');
    expect(await describedError(sms.getByLabel('Gateway address (URL)'))).toBe('Enter the gateway\'s full address, starting with http:// or https://.');
    expect((await channels()).sms.configured).toBe(false);

    await sms.getByLabel('Gateway address (URL)').fill(gateway.url);
    await sms.getByRole('button', { name: 'Save', exact: true }).click();
    await expect.poll(() => state(sms)).toBe('Set up, not tested — dry run');
    expect(await channels()).toMatchObject({ sms: { configured: true, live: false, has_secret: true, config: { url: gateway.url, id_path: 'data.id', auth_header: 'Authorization' } } });

    await sms.getByLabel('Send to (phone number)').fill('12345');
    await sms.getByRole('button', { name: 'Send a test message' }).click();
    await expect.poll(() => sms.getByRole('alert').allInnerTexts()).toEqual(['“12345” is not a phone number Shopfloor can send to. Write it with its country code, such as +81 90 1234 5678.']);

    await sms.getByLabel('Send to (phone number)').fill('+81 90 1234 5678');
    await sms.getByRole('button', { name: 'Send a test message' }).click();
    const accepted = sms.getByRole('status').filter({ hasText: 'test message was accepted' });
    await expect.poll(() => accepted.innerText()).toBe('The test message was accepted. SMS is now sent for real.');
    expect(await accepted.getAttribute('title')).toMatch(/^The provider's ID for it: gw-test-[\w-]+$/);
    expect(gateway.delivered.map((request) => [request.body.to, request.auth])).toEqual([['+819012345678', 'Bearer gw-token']]);
    await expect.poll(() => state(sms)).toMatch(/^Live since /);
    expect((await channels()).sms.live).toBe(true);

    const shots = await shootEverywhere(page, 'settings-channels-sms', (shot) => scrollMainTo(shot, '.channel-panel + .channel-panel'));
    expect(Object.values(shots).flat()).toEqual([]);
    await page.context().close();
  });

  it('asks for the password again when the mail server changes, and for the credential when the gateway does; no password in clear text to another machine', async () => {
    const page = await openApp(app.browser, app.web.url);
    const { email, sms } = await openChannels(page);
    const password = email.getByLabel('Password', { exact: true });
    await email.getByLabel('SMTP server').fill('smtp.example.jp');
    expect(await password.getAttribute('placeholder')).toBe('enter it again for the new server');
    await email.getByRole('button', { name: 'Save', exact: true }).click();
    expect(await describedError(password)).toBe('The server changed: enter the password again. A stored password is only sent to the server it was entered for.');
    expect(await describedError(email.getByLabel('Connection security'))).toBe('Without TLS a password can only go to this computer (localhost): choose STARTTLS or TLS, or remove the password.');
    const shots = await shootEverywhere(page, 'settings-channels-secret-again', (shot) => scrollMainTo(shot, '.settings'));
    expect(Object.values(shots).flat()).toEqual([]);
    expect((await channels()).email.config).toMatchObject({ host: '127.0.0.1', port: smtp.port });

    // Back to the server it was entered for: the stored password is fine again.
    await email.getByLabel('SMTP server').fill('127.0.0.1');
    expect(await password.getAttribute('placeholder')).toBe('stored — leave empty to keep');
    await email.getByLabel('SMTP server').fill('smtp.example.jp');
    await email.getByLabel('Connection security').selectOption('starttls');
    await email.getByLabel('Port', { exact: true }).fill('587');
    await password.fill('n3w-pa55');
    await email.getByRole('button', { name: 'Save', exact: true }).click();
    await expect.poll(() => state(email)).toBe('Set up, not tested — dry run');
    expect((await channels()).email).toMatchObject({ has_secret: true, config: { host: 'smtp.example.jp', port: 587, security: 'starttls' } });

    const credential = sms.getByLabel('Credential', { exact: true });
    await sms.getByLabel('Gateway address (URL)').fill('https://gateway.example/send');
    await sms.getByRole('button', { name: 'Save', exact: true }).click();
    expect(await describedError(credential)).toBe('The gateway changed: enter the credential again. A stored credential is only sent to the gateway it was entered for.');
    // Another path on the same gateway keeps it.
    await sms.getByLabel('Gateway address (URL)').fill(`${gateway.url}/v2`);
    expect(await credential.getAttribute('placeholder')).toBe('stored — leave empty to keep');
    await sms.getByRole('button', { name: 'Save', exact: true }).click();
    await expect.poll(async () => (await channels()).sms.config).toMatchObject({ url: `${gateway.url}/v2` });
    await page.context().close();
  });
});
