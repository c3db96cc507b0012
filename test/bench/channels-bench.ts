import http from 'node:http';
import path from 'node:path';
import nodemailer from 'nodemailer';
import { SMTPServer } from 'smtp-server';
import { saveChannel, markTested } from '../../electron/core/channels/channel-settings.ts';
import { Dispatcher } from '../../electron/core/channels/dispatcher.ts';
import { openChannels } from '../../electron/core/channels/open-channels.ts';
import { aesSecretBox } from '../../electron/core/channels/secret-box.ts';
import { ManualClock } from '../../electron/core/clock.ts';
import { activateJourney, createJourney } from '../../electron/core/journey/journeys-repo.ts';
import { advanceJourneys } from '../../electron/core/scheduler/engine-tick.ts';
import { sendSettings, writeEngineSettings } from '../../electron/core/settings/engine-settings.ts';
import { openStore, type Db } from '../../electron/core/store/open-store.ts';
import type { BenchRow } from './import-bench.ts';

function row(benchmark: string, what: string, rows: number, wallMs: number, note = ''): BenchRow {
  return { benchmark, what, rows, wallMs, rowsPerSecond: rows / (wallMs / 1000), maxRssMb: null, note };
}

async function leanSmtp(): Promise<{ port: number; received: () => number; close: () => Promise<void> }> {
  let received = 0;
  const server = new SMTPServer({ disabledCommands: ['STARTTLS', 'AUTH'], logger: false, onData(stream, _session, callback) {
    stream.on('data', () => undefined);
    stream.on('end', () => {
      received += 1;
      callback();
    });
  } });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { port: (server.server.address() as { port: number }).port, received: () => received, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

async function leanGateway(): Promise<{ url: string; received: () => number; close: () => Promise<void> }> {
  let received = 0;
  const server = http.createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      received += 1;
      response.writeHead(200, { 'content-type': 'application/json' }).end('{"id":"ok"}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as { port: number }).port}/send`, received: () => received, close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }) };
}

async function pool<T>(items: readonly T[], concurrency: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < items.length) await work(items[next++]!);
  }));
}

function prepareMessages(db: Db, clock: ManualClock, count: number, channel: 'email' | 'sms'): void {
  const insert = db.prepare('INSERT INTO users (user_id, attrs, created_at, updated_at) VALUES (?, ?, 0, 0)');
  db.transaction(() => {
    for (let index = 0; index < count; index++) {
      insert.run(`${channel}-${index}`, JSON.stringify({ tier: channel, email: `u${index}@example.jp`, email_opt_in: true, phone: `+8190${10_000_000 + index}`, sms_opt_in: true, name: `会員${index}` }));
    }
  })();
  const journey = createJourney(db, clock, {
    name: `bench ${channel}`,
    nodes: [
      { id: 'entry', type: 'entry_past', segment: { attributes: [{ key: 'tier', value: channel }] }, next: 'send' },
      channel === 'email'
        ? { id: 'send', type: 'send_email', subject: '{{name}}さん、ご来店ありがとうございます', body: 'いつもありがとうございます。', next: null }
        : { id: 'send', type: 'send_sms', body: '{{name}}さん、VIP特典をご用意しました。', next: null },
    ],
  });
  activateJourney(db, clock, journey.id, clock.now());
  advanceJourneys(db, clock.now());
}

/** The dispatcher against a bare loop of the same sends in the same run: 10,000 emails to a local SMTP server, 10,000 SMS to a local gateway. */
export async function runChannelsBench(dir: string, options: { count: number }): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const clock = new ManualClock(Date.parse('2026-12-01T03:00:00Z'));
  const db = openStore(path.join(dir, 'channels.db'));
  writeEngineSettings(db, { zone: 'Asia/Tokyo', quiet_hours: null, daily_cap: {} });
  const box = aesSecretBox(Buffer.alloc(32, 7));
  const smtp = await leanSmtp();
  const gateway = await leanGateway();
  try {
    // Baseline: nodemailer alone, same pooled transport, same concurrency, same content.
    const transport = nodemailer.createTransport({ host: '127.0.0.1', port: smtp.port, secure: false, ignoreTLS: true, pool: true, maxConnections: 4 });
    const indices = Array.from({ length: options.count }, (_, index) => index);
    const sendBare = (index: number) => transport.sendMail({ from: 'shop@example.jp', to: `u${index}@example.jp`, subject: `会員${index}さん、ご来店ありがとうございます`, text: 'いつもありがとうございます。', html: '<p>いつもありがとうございます。</p>' });
    // Warm up connections and the JIT first, so the baseline is not charged for them.
    await pool(indices.slice(0, 200), 8, async (index) => { await sendBare(index); });
    let started = performance.now();
    await pool(indices, 8, async (index) => { await sendBare(index); });
    rows.push(row('email dispatch', 'baseline: bare nodemailer loop', options.count, performance.now() - started, 'pooled, 8 at a time'));
    transport.close();

    saveChannel(db, clock, box, 'email', { host: '127.0.0.1', port: smtp.port, security: 'none', from: 'shop@example.jp' }, null);
    saveChannel(db, clock, box, 'sms', { url: gateway.url }, null);
    markTested(db, clock, 'email');
    markTested(db, clock, 'sms');
    prepareMessages(db, clock, options.count, 'email');
    const dispatcher = new Dispatcher(db, clock, { settings: () => sendSettings(db), batchSize: 500 });
    let channels = openChannels(db, box, clock);
    const before = smtp.received();
    started = performance.now();
    const emailReport = await dispatcher.dispatchDue(channels);
    rows.push(row('email dispatch', 'dispatcher: claim, render, send, record (exactly once)', emailReport.sent, performance.now() - started,
      `${smtp.received() - before} received by the server`));
    channels.close();

    const fetchBare = async (index: number) => {
      const response = await fetch(gateway.url, { method: 'POST', headers: { 'content-type': 'application/json', 'idempotency-key': `k${index}` }, body: JSON.stringify({ to: `+8190${10_000_000 + index}`, text: `会員${index}さん、VIP特典をご用意しました。`, request_id: `k${index}` }) });
      await response.text();
    };
    await pool(indices.slice(0, 200), 8, fetchBare);
    started = performance.now();
    await pool(indices, 8, fetchBare);
    rows.push(row('sms dispatch', 'baseline: bare fetch loop', options.count, performance.now() - started, '8 at a time'));

    prepareMessages(db, clock, options.count, 'sms');
    channels = openChannels(db, box, clock);
    started = performance.now();
    const smsReport = await dispatcher.dispatchDue(channels);
    rows.push(row('sms dispatch', 'dispatcher: claim, render, send, record (exactly once)', smsReport.sent, performance.now() - started));
    channels.close();
  } finally {
    await smtp.close();
    await gateway.close();
    db.close();
  }
  return rows;
}
