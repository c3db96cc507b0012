import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
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

/** Members whose `Website` column (from an imported sheet: hostile) is filled into the email's links. */
async function sendToMembers(websites: Record<string, string>, html: string, trackingUrl?: string) {
  const smtp = await startSmtpTestServer();
  closers.push(smtp.close);
  const dir = tempDir();
  const scenario = new JourneyScenario(dir);
  await scenario.settings(['--zone', 'UTC', '--quiet-hours', 'off', '--cap', 'email=10']);
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
  const htmlOf = (id: string) => String(smtp.mails.find((mail) => mail.to.includes(`${id.toLowerCase()}@example.jp`))!.parsed.html);
  return { smtp, scenario, htmlOf };
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
