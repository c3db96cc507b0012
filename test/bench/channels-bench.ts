import http from 'node:http';
import { performance } from 'node:perf_hooks';
import path from 'node:path';
import nodemailer from 'nodemailer';
import { Agent, request } from 'undici';
import { v7 as timeOrderedUuid } from 'uuid';
import { SMTPServer } from 'smtp-server';
import { markTested, readChannel, saveChannel, type EmailConfig } from '../../electron/core/channels/channel-settings.ts';
import { composeEmail } from '../../electron/core/channels/message-content.ts';
import { trackingSecret } from '../../electron/core/channels/tracking-links.ts';
import type { SendNode } from '../../shared/journey/definition.ts';
import { Dispatcher, type DispatchReport } from '../../electron/core/channels/dispatcher.ts';
import { openChannels } from '../../electron/core/channels/open-channels.ts';
import { aesSecretBox } from '../../electron/core/channels/secret-box.ts';
import { ManualClock } from '../../electron/core/clock.ts';
import { activateJourney, createJourney } from '../../electron/core/journey/journeys-repo.ts';
import { advanceActiveJourneys } from '../../electron/core/scheduler/engine-tick.ts';
import { sendSettings, writeEngineSettings } from '../../electron/core/settings/engine-settings.ts';
import { openStore, type Db } from '../../electron/core/store/open-store.ts';
import type { BenchRow } from './import-bench.ts';

function row(benchmark: string, what: string, rows: number, wallMs: number, note = ''): BenchRow {
  return { benchmark, what, rows, wallMs, rowsPerSecond: rows / (wallMs / 1000), maxRssMb: null, note };
}

/** Answers after `latencyMs`: a provider across a network rather than in this process. */
function later(latencyMs: number, answer: () => void): void {
  if (latencyMs > 0) setTimeout(answer, latencyMs);
  else answer();
}

async function leanSmtp(latencyMs: number): Promise<{ port: number; received: () => number; close: () => Promise<void> }> {
  let received = 0;
  const server = new SMTPServer({ disabledCommands: ['STARTTLS', 'AUTH'], logger: false, onData(stream, _session, callback) {
    stream.on('data', () => undefined);
    stream.on('end', () => {
      received += 1;
      later(latencyMs, callback);
    });
  } });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { port: (server.server.address() as { port: number }).port, received: () => received, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

async function leanGateway(latencyMs: number): Promise<{ url: string; received: () => number; close: () => Promise<void> }> {
  let received = 0;
  const server = http.createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      received += 1;
      later(latencyMs, () => response.writeHead(200, { 'content-type': 'application/json' }).end('{"id":"ok"}'));
    });
  });
  // Connections stay open between runs: a socket the server drops after the default 5 s idle, just as the
  // next run reuses it, fails that send (a transient error, retried later), which is not what is measured.
  server.keepAliveTimeout = 120_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as { port: number }).port}/send`, received: () => received, close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }) };
}

async function pool<T>(items: readonly T[], concurrency: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < items.length) await work(items[next++]!);
  }));
}

function prepareMessages(db: Db, clock: ManualClock, count: number, channel: 'email' | 'sms', run: number): void {
  // Each run has its own users and journey: a tier of their own keeps one run's journey from entering another's users.
  const tier = `${channel}-${run}`;
  const insert = db.prepare('INSERT INTO users (user_id, attrs, created_at, updated_at) VALUES (?, ?, 0, 0)');
  db.transaction(() => {
    for (let index = 0; index < count; index++) {
      insert.run(`${tier}-${index}`, JSON.stringify({ tier, email: `u${index}@example.jp`, email_opt_in: true, phone: `+8190${10_000_000 + index}`, sms_opt_in: true, name: `会員${index}` }));
    }
  })();
  const journey = createJourney(db, clock, {
    name: `bench ${tier}`,
    nodes: [
      { id: 'entry', type: 'entry_past', segment: { attributes: [{ key: 'tier', value: tier }] }, next: 'send' },
      channel === 'email'
        ? EMAIL_NODE
        : { id: 'send', type: 'send_sms', body: '{{name}}さん、VIP特典をご用意しました。', next: null },
    ],
  });
  activateJourney(db, clock, journey.id, clock.now());
  advanceActiveJourneys(db, clock.now());
}

const EMAIL_NODE = { id: 'send', type: 'send_email', subject: '{{name}}さん、ご来店ありがとうございます', body: 'いつもありがとうございます。', next: null } as const satisfies SendNode;

const RUNS = 3;

function median(values: readonly number[]): number {
  return [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
}

interface Timing {
  wallMs: number;
  /** This process's CPU time (user + system): client and server both run here, so it is the work done, whatever the machine's load. */
  cpuMs: number;
  /**
   * How long the main thread was busy (not waiting for I/O). With client and server on it and no delay,
   * the wall time was this plus a near-constant wait: extra work on the main thread shows here first.
   */
  mainBusyMs: number;
}

async function timed(work: () => Promise<unknown>): Promise<Timing> {
  const started = performance.now();
  const cpu = process.cpuUsage();
  const loop = performance.eventLoopUtilization();
  await work();
  const used = process.cpuUsage(cpu);
  return { wallMs: performance.now() - started, cpuMs: (used.user + used.system) / 1000, mainBusyMs: performance.eventLoopUtilization(loop).active };
}

/**
 * The dispatcher against a bare loop of the same sends: 10,000 emails to a local SMTP server, 10,000 SMS
 * to a local gateway (against a bare fetch loop, and a bare loop of the HTTP client the SMS channel
 * uses). The machine is shared and noisy, so the loops run in turn three times and each row reports its
 * median run.
 */
export async function runChannelsBench(dir: string, options: { count: number; latencyMs?: number }): Promise<BenchRow[]> {
  const latencyMs = options.latencyMs ?? 0;
  const away = latencyMs > 0 ? `, provider ${latencyMs} ms away` : '';
  const clock = new ManualClock(Date.parse('2026-12-01T03:00:00Z'));
  const db = openStore(path.join(dir, `channels-${latencyMs}.db`));
  writeEngineSettings(db, { zone: 'Asia/Tokyo', quiet_hours: null, daily_cap: {} });
  const box = aesSecretBox(Buffer.alloc(32, 7));
  const smtp = await leanSmtp(latencyMs);
  const gateway = await leanGateway(latencyMs);
  const times = { emailBare: [] as Timing[], emailBareWarm: [] as Timing[], email: [] as Timing[], smsBare: [] as Timing[], smsClient: [] as Timing[], sms: [] as Timing[] };
  let received = 0;
  try {
    saveChannel(db, clock, box, 'email', { host: '127.0.0.1', port: smtp.port, security: 'none', from: 'shop@example.jp' }, null);
    saveChannel(db, clock, box, 'sms', { url: gateway.url }, null);
    markTested(db, clock, 'email');
    markTested(db, clock, 'sms');
    const dispatcher = new Dispatcher(db, clock, { settings: () => sendSettings(db) });
    // Baselines: nodemailer alone (same pooled transport and concurrency), fetch alone. The bare loop sends
    // the very emails the dispatcher sends (footer, unsubscribe headers, Message-ID), made beforehand.
    const newTransport = () => nodemailer.createTransport({ host: '127.0.0.1', port: smtp.port, secure: false, ignoreTLS: true, pool: true, maxConnections: 4 });
    // The dispatcher's pool is new at each run, as a script's would be: its four connections open together,
    // reach nodemailer's 100 messages each together and reconnect together, each time waiting for the new
    // connections' greetings. One transport kept across runs drifts out of step and stops waiting, so it
    // is measured too, but it is not what a run of the dispatcher, or of a script, starts with.
    const warmTransport = newTransport();
    let transport = warmTransport;
    const indices = Array.from({ length: options.count }, (_, index) => index);
    const emailConfig = readChannel(db, box, 'email')!.config as EmailConfig;
    const emails = indices.map((index) => composeEmail(EMAIL_NODE, 'bench', { profile: { name: `会員${index}` }, event: null }, `u${index}@example.jp`, timeOrderedUuid(), emailConfig, trackingSecret(db)));
    const sendBare = (index: number) => {
      const email = emails[index]!;
      return transport.sendMail({ from: 'shop@example.jp', to: email.to, subject: email.subject, text: email.text, html: email.html, messageId: email.messageId, headers: email.headers });
    };
    const fetchBare = async (index: number) => {
      const response = await fetch(gateway.url, { method: 'POST', headers: { 'content-type': 'application/json', 'idempotency-key': `k${index}` }, body: JSON.stringify({ to: `+8190${10_000_000 + index}`, text: `会員${index}さん、VIP特典をご用意しました。`, request_id: `k${index}` }) });
      await response.text();
    };
    // The HTTP client the SMS channel uses (undici's request, not fetch), alone: what the same sends cost it.
    const agent = new Agent();
    const clientBare = async (index: number) => {
      const response = await request(gateway.url, { method: 'POST', dispatcher: agent, headers: { 'content-type': 'application/json', 'idempotency-key': `k${index}` }, body: JSON.stringify({ to: `+8190${10_000_000 + index}`, text: `会員${index}さん、VIP特典をご用意しました。`, request_id: `k${index}` }) });
      await response.body.text();
    };
    // Warm up connections and the JIT first, so the baselines are not charged for them.
    await pool(indices.slice(0, 200), 8, async (index) => { await sendBare(index); });
    await pool(indices.slice(0, 200), 8, fetchBare);
    await pool(indices.slice(0, 200), 8, clientBare);

    for (let run = 0; run < RUNS; run++) {
      transport = newTransport();
      times.emailBare.push(await timed(() => pool(indices, 8, async (index) => { await sendBare(index); })));
      transport.close();
      transport = warmTransport;
      times.emailBareWarm.push(await timed(() => pool(indices, 8, async (index) => { await sendBare(index); })));

      prepareMessages(db, clock, options.count, 'email', run);
      let channels = openChannels(db, box, clock);
      const before = smtp.received();
      let emailReport: DispatchReport | undefined;
      times.email.push(await timed(async () => { emailReport = await dispatcher.dispatchDue(channels); }));
      channels.close();
      if (emailReport?.sent !== options.count) throw new Error(`the dispatcher sent ${emailReport?.sent} of ${options.count} emails: ${JSON.stringify(emailReport)}`);
      received = smtp.received() - before;

      times.smsBare.push(await timed(() => pool(indices, 8, fetchBare)));
      times.smsClient.push(await timed(() => pool(indices, 8, clientBare)));

      prepareMessages(db, clock, options.count, 'sms', run);
      channels = openChannels(db, box, clock);
      let smsReport: DispatchReport | undefined;
      times.sms.push(await timed(async () => { smsReport = await dispatcher.dispatchDue(channels); }));
      channels.close();
      if (smsReport?.sent !== options.count) throw new Error(`the dispatcher sent ${smsReport?.sent} of ${options.count} SMS: ${JSON.stringify(smsReport)}, ${JSON.stringify(db.prepare("SELECT last_error, count(*) AS n FROM messages WHERE status <> 'sent' GROUP BY last_error").all())}`);
    }
    warmTransport.close();
    await agent.close();
  } finally {
    await smtp.close();
    await gateway.close();
    db.close();
  }
  const runs = `median of ${RUNS}`;
  const wall = (list: readonly Timing[]) => median(list.map((timing) => timing.wallMs));
  const cpu = (list: readonly Timing[]) => median(list.map((timing) => timing.cpuMs));
  const busy = (list: readonly Timing[]) => median(list.map((timing) => timing.mainBusyMs));
  const cpuNote = (list: readonly Timing[], base: readonly Timing[]) => `CPU ${(cpu(list) / 1000).toFixed(2)} s, ${(cpu(list) / cpu(base)).toFixed(2)}× the bare loop's; main thread busy ${(busy(list) / 1000).toFixed(2)} s, ${(busy(list) / busy(base)).toFixed(2)}×`;
  return [
    row(`email dispatch${away}`, 'baseline: bare nodemailer loop, new transport each run', options.count, wall(times.emailBare), `pooled, 8 at a time; CPU ${(cpu(times.emailBare) / 1000).toFixed(2)} s; main thread busy ${(busy(times.emailBare) / 1000).toFixed(2)} s; ${runs}`),
    row(`email dispatch${away}`, 'baseline: bare nodemailer loop, one transport kept across runs', options.count, wall(times.emailBareWarm), `CPU ${(cpu(times.emailBareWarm) / 1000).toFixed(2)} s; ${runs}`),
    row(`email dispatch${away}`, 'dispatcher: claim, render, send, record (exactly once)', options.count, wall(times.email),
      `window of 8; ${cpuNote(times.email, times.emailBare)}; ${(wall(times.email) / wall(times.emailBareWarm)).toFixed(2)}× the kept transport's loop; ${received} received in the last run; ${runs}`),
    row(`sms dispatch${away}`, 'baseline: bare fetch loop', options.count, wall(times.smsBare), `8 at a time; CPU ${(cpu(times.smsBare) / 1000).toFixed(2)} s; main thread busy ${(busy(times.smsBare) / 1000).toFixed(2)} s; ${runs}`),
    row(`sms dispatch${away}`, 'baseline: bare loop of the channel\'s HTTP client (undici request)', options.count, wall(times.smsClient), `8 at a time; CPU ${(cpu(times.smsClient) / 1000).toFixed(2)} s; ${runs}`),
    row(`sms dispatch${away}`, 'dispatcher: claim, render, send, record (exactly once)', options.count, wall(times.sms),
      `window of 8; ${cpuNote(times.sms, times.smsBare)}; ${(wall(times.sms) / wall(times.smsClient)).toFixed(2)}× the loop of its own client; ${runs}`),
  ];
}
