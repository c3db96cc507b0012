import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toDelimited, writeEncoded } from '../fixtures/pos-csv.ts';
import { cli } from '../helpers/run-cli.ts';
import { at, hour, JourneyScenario, t0 } from '../helpers/journey-scenario.ts';
import { startSmtpTestServer } from '../helpers/smtp-test-server.ts';
import { useTempDir } from '../helpers/temp-dir.ts';

const tempDir = useTempDir();
let smtp: Awaited<ReturnType<typeof startSmtpTestServer>>;
let scenario: JourneyScenario;
let dir: string;
const password = 'pa55-w0rd-that-must-not-leak';

function message(db: string, user: string): { id: number; status: string; attempts: number; idempotency_key: string; last_error: string | null } {
  const connection = new Database(db, { readonly: true });
  try {
    return connection.prepare('SELECT id, status, attempts, idempotency_key, last_error FROM messages WHERE user_id = ? ORDER BY id DESC').get(user) as never;
  } finally {
    connection.close();
  }
}

async function purchase(user: string, product: string, uploadedAt: number): Promise<void> {
  const file = path.join(dir, `pos-${user}-${uploadedAt}.csv`);
  writeEncoded(file, toDelimited([['Member ID', 'Purchased At', 'Store', 'Receipt No', 'Line No', 'Product Name'], [user, new Date(uploadedAt - hour / 2).toISOString(), 'S01', `R-${user}-${uploadedAt}`, '1', product]]), 'utf-8');
  scenario.clock.set(uploadedAt);
  await scenario.run(['import', file, '--kind', 'pos', '--commit']);
}

beforeAll(async () => {
  smtp = await startSmtpTestServer();
  dir = tempDir();
  scenario = new JourneyScenario(dir);
  await scenario.settings(['--zone', 'UTC', '--quiet-hours', 'off', '--cap', 'email=10']);
  const members = path.join(dir, 'members.csv');
  writeEncoded(members, toDelimited([['Member ID', 'Name', 'Email', 'Email Opt In'],
    ['U1', '<b>山田</b> 花子', 'hanako@example.jp', 'yes'], ['U2', 'Lee', 'lee@example.tw', 'yes'], ['U3', 'Sato', 'bounce@example.jp', 'yes']]), 'utf-8');
  scenario.clock.set(t0 - hour);
  await scenario.run(['import', members, '--commit']);
  await scenario.journey({
    name: 'thanks',
    nodes: [
      { id: 'entry', type: 'entry_event', event: { name: 'offline_purchase', is_offline: true }, next: 'thanks' },
      { id: 'thanks', type: 'send_email', subject: '{{name}}さん、ご来店ありがとうございます', body: 'Thank you for buying {{event.product_name}}.', html: '<h1>{{name}}</h1><p>{{event.product_name}}</p>', next: null },
    ],
    reentry: { mode: 'unlimited', min_interval: 'PT0S' },
  });
});

afterAll(async () => {
  await smtp?.close();
});

describe('email over SMTP', () => {
  it('stays a dry run until set up and tested; credentials are sealed, never in clear', async () => {
    await purchase('U1', 'ほうじ茶', t0 + hour);
    await scenario.tick(t0 + hour);
    expect(message(scenario.db, 'U1')).toMatchObject({ status: 'sent', attempts: 0 });
    expect(smtp.mails).toHaveLength(0);

    const passwordFile = path.join(dir, 'smtp-password');
    fs.writeFileSync(passwordFile, `${password}\n`, { mode: 0o600 });
    const set = await cli(['channels', 'email', '--host', '127.0.0.1', '--port', String(smtp.port), '--security', 'none', '--from', 'shop@example.jp',
      '--from-name', 'Shopfloor 渋谷店', '--user', 'shop', '--password-file', passwordFile, '--tracking-url', 'http://127.0.0.1:9/track', '--db', scenario.db, '--json'], scenario.clock);
    expect(set.code).toBe(0);
    expect(set.stdout + set.stderr).not.toContain(password);
    expect(JSON.parse(set.stdout)).toMatchObject({ configured: true, live: false, has_secret: true });
    const stored = new Database(scenario.db, { readonly: true });
    const secret = stored.prepare("SELECT secret FROM channels WHERE channel = 'email'").pluck().get() as string;
    stored.close();
    expect(secret.startsWith('gcm1:')).toBe(true);
    expect(fs.readFileSync(scenario.db).includes(Buffer.from(password))).toBe(false);
    expect(fs.statSync(path.join(dir, 'secret.key')).mode & 0o777).toBe(0o600);

    const test = await cli(['channels', 'test', 'email', '--to', 'clerk@example.jp', '--db', scenario.db], scenario.clock);
    expect(test.code).toBe(0);
    expect(smtp.mails.map((mail) => [mail.to, mail.parsed.subject])).toEqual([[['clerk@example.jp'], 'Shopfloor test message']]);
  });

  it('sends the message with its placeholders (escaped in HTML), a Japanese subject, an unsubscribe link and its own Message-ID', async () => {
    await purchase('U1', '抹茶ラテ <script>', t0 + 2 * hour);
    await scenario.tick(t0 + 2 * hour);
    const sent = message(scenario.db, 'U1');
    expect(sent).toMatchObject({ status: 'sent', attempts: 1 });
    const mail = smtp.mails.at(-1)!;
    expect(mail.to).toEqual(['hanako@example.jp']);
    expect(mail.parsed.from?.value[0]).toEqual({ address: 'shop@example.jp', name: 'Shopfloor 渋谷店' });
    expect(mail.parsed.subject).toBe('<b>山田</b> 花子さん、ご来店ありがとうございます');
    expect(mail.raw).toMatch(/^Subject: =\?UTF-8\?/m);
    expect(mail.parsed.text).toContain('Thank you for buying 抹茶ラテ <script>.');
    expect(mail.parsed.html).toContain('<h1>&lt;b&gt;山田&lt;/b&gt; 花子</h1><p>抹茶ラテ &lt;script&gt;</p>');
    expect(mail.parsed.html).not.toContain('<script>');
    expect(mail.parsed.messageId).toBe(`<${sent.idempotency_key}@example.jp>`);
    // Tracking links carry their signature (see security-email-links.test.ts).
    expect(mail.raw.replace(/\r\n[ \t]+/g, ' ')).toMatch(new RegExp(`List-Unsubscribe: <http://127\\.0\\.0\\.1:9/track/u/${sent.idempotency_key}\\?s=[\\w-]+>`));
    expect(mail.raw).toContain('List-Unsubscribe-Post: List-Unsubscribe=One-Click');
    expect(mail.parsed.html).toMatch(new RegExp(`href="http://127\\.0\\.0\\.1:9/track/u/${sent.idempotency_key}\\?s=[\\w-]+"`));
    expect(mail.parsed.html).toMatch(new RegExp(`src="http://127\\.0\\.0\\.1:9/track/o/${sent.idempotency_key}\\.gif\\?s=[\\w-]+"`));
  });

  it('a 421 then a 250 delivers exactly one message; a 550 fails at once', async () => {
    const before = smtp.mails.length;
    smtp.refuse(1, 421, 'Service busy, try later');
    await purchase('U2', 'Croissant', t0 + 3 * hour);
    await scenario.tick(t0 + 3 * hour);
    expect(message(scenario.db, 'U2')).toMatchObject({ status: 'scheduled', attempts: 1, last_error: expect.stringContaining('421') });
    expect(smtp.mails).toHaveLength(before);
    await scenario.tick(t0 + 3 * hour + 30_000 / 2);
    await scenario.tick(t0 + 3 * hour + 2 * 60_000);
    expect(message(scenario.db, 'U2')).toMatchObject({ status: 'sent', attempts: 2 });
    expect(smtp.mails.filter((mail) => mail.to.includes('lee@example.tw'))).toHaveLength(1);
    const attempts = await cli(['outbox', 'attempts', String(message(scenario.db, 'U2').id), '--db', scenario.db, '--json'], scenario.clock);
    expect(JSON.parse(attempts.stdout).attempts.map((attempt: { outcome: string }) => attempt.outcome)).toEqual(['transient', 'accepted']);

    smtp.refuse(1, 550, 'Mailbox unavailable');
    await purchase('U3', 'Tea', t0 + 4 * hour);
    await scenario.tick(t0 + 4 * hour);
    expect(message(scenario.db, 'U3')).toMatchObject({ status: 'failed', attempts: 1, last_error: expect.stringContaining('550') });
    const retry = await cli(['outbox', 'retry', String(message(scenario.db, 'U3').id), '--db', scenario.db], scenario.clock);
    expect(retry.code).toBe(0);
    await scenario.tick(t0 + 4 * hour + 1000);
    expect(message(scenario.db, 'U3')).toMatchObject({ status: 'sent', attempts: 2 });
    expect(at(0)).toBe('2026-12-01T00:00:00.000Z');
  });
});
