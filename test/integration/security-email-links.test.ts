import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { startTrackingServer, type TrackingServer, type TrackingServerOptions } from '../../electron/core/channels/tracking-server.ts';
import { openStore } from '../../electron/core/store/open-store.ts';
import { toDelimited, writeEncoded } from '../fixtures/pos-csv.ts';
import { cli } from '../helpers/run-cli.ts';
import { hour, JourneyScenario, t0 } from '../helpers/journey-scenario.ts';
import { startSmtpTestServer } from '../helpers/smtp-test-server.ts';
import { useTempDir } from '../helpers/temp-dir.ts';

const tempDir = useTempDir();
const closers: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const close of closers.reverse()) await close();
});

/**
 * Members whose `Website` column (from an imported sheet: hostile) is filled into the email's links,
 * each sent one email through a real SMTP server; with `tracking`, the local tracking endpoint on the same store.
 */
async function sendToMembers(websites: Record<string, string>, html: string, tracking?: TrackingServerOptions) {
  const smtp = await startSmtpTestServer();
  closers.push(smtp.close);
  const dir = tempDir();
  const scenario = new JourneyScenario(dir);
  await scenario.settings(['--zone', 'UTC', '--quiet-hours', 'off', '--cap', 'email=10']);
  let server: TrackingServer | null = null;
  if (tracking) {
    const db = openStore(scenario.db);
    const started = await startTrackingServer(db, scenario.clock, tracking);
    closers.push(async () => {
      await started.close();
      db.close();
    });
    server = started;
  }
  const trackingUrl = server?.url;
  const members = path.join(dir, 'members.csv');
  writeEncoded(members, toDelimited([['Member ID', 'Tier', 'Email', 'Email Opt In', 'Website'],
    ...Object.entries(websites).map(([id, website]) => [id, 'VIP', `${id.toLowerCase()}@example.jp`, 'yes', website])]), 'utf-8');
  scenario.clock.set(t0 - hour);
  await scenario.run(['import', members, '--commit']);
  for (const args of [
    ['channels', 'email', '--host', '127.0.0.1', '--port', String(smtp.port), '--security', 'none', '--from', 'shop@example.jp', ...(trackingUrl ? ['--tracking-url', trackingUrl] : [])],
    ['channels', 'test', 'email', '--to', 'clerk@example.jp'],
  ]) expect((await cli([...args, '--db', scenario.db], scenario.clock)).code).toBe(0);
  await scenario.journey({
    name: 'links',
    nodes: [
      { id: 'entry', type: 'entry_past', segment: { attributes: [{ key: 'tier', value: 'VIP' }] }, next: 'mail' },
      { id: 'mail', type: 'send_email', subject: 'News', body: 'Hello', html, next: null },
    ],
  });
  await scenario.tick(t0);
  const mailOf = (id: string) => smtp.mails.find((mail) => mail.to.includes(`${id.toLowerCase()}@example.jp`))!;
  const htmlOf = (id: string) => String(mailOf(id).parsed.html);
  return { smtp, scenario, htmlOf, mailOf, tracking: server };
}

describe('links in email templates filled from profile values', () => {
  it('keep only http(s) and mailto in URL positions; anything else becomes #', async () => {
    const websites: Record<string, string> = {
      J1: 'javascript:alert(document.cookie)',
      J2: ' JaVaScRiPt:alert(1)',
      J3: 'java\tscript:alert(1)',
      J4: 'data:text/html,<script>alert(1)</script>',
      J5: 'vbscript:msgbox(1)',
      J6: 'file:///C:/Windows/System32/calc.exe',
      OK1: 'https://shop.example/p?a=1&b="2"',
      OK2: 'mailto:owner@example.jp',
    };
    const { htmlOf } = await sendToMembers(websites, '<p><a href="{{website}}">Your page</a> <a href={{website}} title=x>again</a> <img src=\'{{website}}\' alt=""></p>');
    for (const id of ['J1', 'J2', 'J3', 'J4', 'J5', 'J6']) {
      const html = htmlOf(id);
      expect(html, id).toContain('<a href="#">Your page</a> <a href="#" title=x>again</a> <img src=\'#\' alt="">');
      expect(html.toLowerCase(), id).not.toMatch(/script:|data:|file:/);
    }
    expect(htmlOf('OK1')).toContain('<a href="https://shop.example/p?a=1&amp;b=&quot;2&quot;">Your page</a> <a href="https://shop.example/p?a=1&amp;b=&quot;2&quot;" title=x>again</a>');
    expect(htmlOf('OK2')).toContain('<a href="mailto:owner@example.jp">Your page</a>');
  });

  it('quote a value filled into an unquoted attribute, so a space cannot add an attribute', async () => {
    const { htmlOf } = await sendToMembers({ Q1: 'https://shop.example/ onmouseover=alert(1)' }, '<p><a href={{website}}>Visit</a></p>');
    expect(htmlOf('Q1')).toContain('<a href="https://shop.example/ onmouseover=alert(1)">Visit</a>');
  });
});

/** What the store holds about the tracking endpoint's hits. */
function trackingState(db: string) {
  const store = new Database(db, { readonly: true });
  try {
    return {
      batches: store.prepare("SELECT count(*) FROM batches WHERE path LIKE 'tracking:%'").pluck().get() as number,
      events: store.prepare("SELECT name, json_extract(params, '$.url') AS url FROM events WHERE name LIKE 'email_%' ORDER BY id").all() as Array<{ name: string; url: string | null }>,
      optIn: Object.fromEntries((store.prepare("SELECT user_id, json_extract(attrs, '$.email_opt_in') FROM users").raw().all() as Array<[string, number]>).map(([user, flag]) => [user, flag === 1])),
    };
  } finally {
    store.close();
  }
}

const linkIn = (html: string, pattern: RegExp) => pattern.exec(html)![1]!.replace(/&amp;/g, '&');

describe('the tracking endpoint', () => {
  it('redirects only signed links of messages it sent, to the very target signed; never for forged, unsigned or unknown ones', async () => {
    const { htmlOf, scenario, tracking } = await sendToMembers({ A1: 'https://a1.example/' }, '<p><a href="https://shop.example/sale?x=1&amp;y=2">Sale</a></p>', {});
    const click = linkIn(htmlOf('A1'), /<a href="([^"]+)">Sale<\/a>/);
    expect(click).toMatch(new RegExp(`^${tracking!.url}/c/[\\w-]+\\?u=https%3A%2F%2Fshop\\.example%2Fsale%3Fx%3D1%26y%3D2&s=[\\w-]+$`));
    const go = (url: string) => fetch(url, { redirect: 'manual' });
    const followed = await go(click);
    expect([followed.status, followed.headers.get('location')]).toEqual([302, 'https://shop.example/sale?x=1&y=2']);

    const key = /\/c\/([\w-]+)\?/.exec(click)![1]!;
    const forged = [
      click.replace('shop.example', 'evil.example'),
      click.replace(/&s=[\w-]+$/, ''),
      click.replace(/&s=([\w-])/, '&s=A$1').slice(0, -1),
      click.replace(key, 'test-0000'),
      `${tracking!.url}/c/${key}?u=${encodeURIComponent('https://evil.example/')}`,
      `${tracking!.url}/c/unknown-key?u=${encodeURIComponent('https://evil.example/')}`,
    ];
    for (const url of forged) {
      const answer = await go(url);
      expect(answer.status, url).toBe(404);
      expect(answer.headers.get('location'), url).toBeNull();
    }
    tracking!.flush();
    expect(trackingState(scenario.db).events).toEqual([{ name: 'email_click', url: 'https://shop.example/sale?x=1&y=2' }]);
  });

  it('shows a confirmation on GET and HEAD of the unsubscribe link, and unsubscribes only on POST (the button, or RFC 8058 one-click)', async () => {
    const { mailOf, scenario } = await sendToMembers({ U1: 'https://u1.example/', U2: 'https://u2.example/' }, '<p>Hello</p>', {});
    const header = (id: string, name: string) => mailOf(id).parsed.headerLines.find((line) => line.key === name)?.line.replace(/\r?\n\s+/g, ' ') ?? '';
    const unsubscribe = (id: string) => /<([^>]+)>/.exec(header(id, 'list-unsubscribe'))![1]!;
    expect(header('U1', 'list-unsubscribe-post')).toBe('List-Unsubscribe-Post: List-Unsubscribe=One-Click');
    expect(unsubscribe('U1')).toMatch(/\/u\/[\w-]+\?s=[\w-]+$/);

    // A mail scanner follows every link: nothing changes.
    const shown = await fetch(unsubscribe('U1'), { headers: { 'accept-language': 'ja' } });
    expect(shown.status).toBe(200);
    const page = await shown.text();
    expect(page).toContain('<form method="post">');
    expect(page).toContain('配信を停止する');
    expect(shown.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect((await fetch(unsubscribe('U1'), { method: 'HEAD' })).status).toBe(200);
    expect(trackingState(scenario.db).optIn.U1).toBe(true);

    // The button on that page, and a mail client's one-click POST.
    expect((await fetch(unsubscribe('U1'), { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' })).status).toBe(200);
    expect((await fetch(unsubscribe('U2'), { method: 'POST', body: new URLSearchParams({ 'List-Unsubscribe': 'One-Click' }) })).status).toBe(200);
    // Done at once (consent matters before the next send), and once however often it is posted.
    expect((await fetch(unsubscribe('U2'), { method: 'POST' })).status).toBe(200);
    const state = trackingState(scenario.db);
    expect([state.optIn.U1, state.optIn.U2]).toEqual([false, false]);
    expect(state.events.map((event) => event.name)).toEqual(['email_unsubscribe', 'email_unsubscribe']);

    const forged = unsubscribe('U1').replace(/s=[\w-]+$/, 's=nope');
    expect((await fetch(forged, { method: 'POST' })).status).toBe(404);
    expect((await fetch(forged.replace(/\?s=.*$/, ''), { method: 'POST' })).status).toBe(404);
  });

  it('writes the hits of one window as one batch', async () => {
    const { htmlOf, scenario, tracking } = await sendToMembers({ B1: 'https://b1.example/' }, '<p>Hi</p>', { windowMs: 3_600_000, perAddressPerMinute: 10_000, perMessagePerMinute: 10_000 });
    const pixel = linkIn(htmlOf('B1'), /<img src="([^"]+\.gif\?s=[\w-]+)"/);
    const before = trackingState(scenario.db).batches;
    for (let hit = 0; hit < 300; hit++) {
      scenario.clock.advance(1);
      expect((await fetch(pixel)).status).toBe(200);
    }
    tracking!.flush();
    const state = trackingState(scenario.db);
    expect(state.batches - before).toBe(1);
    expect(state.events.filter((event) => event.name === 'email_open')).toHaveLength(300);
  });

  it('answers 429 past the limit per message and per address, until the next minute', async () => {
    const { htmlOf, scenario } = await sendToMembers({ R1: 'https://r1.example/', R2: 'https://r2.example/' }, '<p><a href="https://shop.example/">Shop</a></p>', { perAddressPerMinute: 30, perMessagePerMinute: 20 });
    const click = (id: string) => linkIn(htmlOf(id), /<a href="([^"]+)">Shop<\/a>/);
    const statuses = async (id: string, times: number) => {
      const seen: number[] = [];
      for (let hit = 0; hit < times; hit++) seen.push((await fetch(click(id), { redirect: 'manual' })).status);
      return seen;
    };
    expect(await statuses('R1', 22)).toEqual([...Array(20).fill(302), 429, 429]);
    // Eight more from this address reach its limit of 30 (the two refused count too).
    expect(await statuses('R2', 9)).toEqual([...Array(8).fill(302), 429]);
    scenario.clock.advance(60_000);
    expect(await statuses('R1', 1)).toEqual([302]);
  });
});
