import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { startTrackingServer } from '../../electron/core/channels/tracking-server.ts';
import type { JourneyDefinitionInput } from '../../shared/journey/definition.ts';
import { openStore } from '../../electron/core/store/open-store.ts';
import { cli } from '../helpers/run-cli.ts';
import { day, hour, JourneyScenario, t0 } from '../helpers/journey-scenario.ts';
import { startSmtpTestServer } from '../helpers/smtp-test-server.ts';
import { useTempDir } from '../helpers/temp-dir.ts';

const tempDir = useTempDir();
const closers: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const close of closers.reverse()) await close();
});

const journey: JourneyDefinitionInput = {
  name: 'opens',
  nodes: [
    { id: 'entry', type: 'entry_past', segment: { attributes: [{ key: 'tier', value: 'VIP' }] }, next: 'mail' },
    { id: 'mail', type: 'send_email', subject: 'News', body: 'Hello', next: 'opened' },
    { id: 'opened', type: 'email_opened', timeout: 'P2D', opened: 'yes', not_opened: 'no' },
    { id: 'yes', type: 'send_email', subject: 'You opened it', next: null },
    { id: 'no', type: 'send_email', subject: 'You did not open it', next: null },
  ],
};

describe('opens, clicks and unsubscribes', () => {
  it("reads the provider's event export and the local tracking endpoint; an unsubscribe withdraws consent", async () => {
    const smtp = await startSmtpTestServer();
    closers.push(smtp.close);
    const dir = tempDir();
    const scenario = new JourneyScenario(dir);
    await scenario.settings(['--zone', 'UTC', '--quiet-hours', 'off', '--cap', 'email=10']);
    await scenario.members([{ id: 'A' }, { id: 'B' }, { id: 'C' }], t0 - day);
    const db = openStore(scenario.db);
    const tracking = await startTrackingServer(db, scenario.clock);
    closers.push(async () => {
      await tracking.close();
      db.close();
    });
    for (const args of [
      ['channels', 'email', '--host', '127.0.0.1', '--port', String(smtp.port), '--security', 'none', '--from', 'shop@example.jp', '--tracking-url', tracking.url],
      ['channels', 'test', 'email', '--to', 'clerk@example.jp'],
    ]) expect((await cli([...args, '--db', scenario.db], scenario.clock)).code).toBe(0);
    await scenario.journey(journey);
    await scenario.tick(t0);
    const messageId = (user: string) => smtp.mails.find((mail) => mail.to.includes(`${user.toLowerCase()}@example.com`))!.parsed.messageId!;

    // A opened it according to the provider's export; C clicked the unsubscribe link.
    const exported = path.join(dir, 'provider-events.csv');
    fs.writeFileSync(exported, `email,event,timestamp,smtp-id\na@example.com,open,${Math.floor((t0 + 3 * hour) / 1000)},${messageId('A')}\nx@example.com,open,${Math.floor(t0 / 1000)},<someone-else@example.org>\nb@example.com,delivered,${Math.floor(t0 / 1000)},${messageId('B')}\n`);
    scenario.clock.set(t0 + 4 * hour);
    expect(await scenario.run(['channels', 'events', exported])).toEqual({ rows: 3, opens: 1, clicks: 0, unsubscribes: 0, unmatched: 1, ignored: 1 });
    const unsubscribe = /href="([^"]+\/u\/[^"]+)"/.exec(String(smtp.mails.find((mail) => mail.to.includes('c@example.com'))!.parsed.html))![1]!;
    expect((await fetch(unsubscribe, { method: 'POST' })).status).toBe(200);

    await scenario.tick(t0 + 5 * hour);
    await scenario.tick(t0 + 3 * day);
    const subjects = smtp.mails.map((mail) => `${mail.to[0]} ${mail.parsed.subject}`);
    expect(subjects).toContain('a@example.com You opened it');
    expect(subjects).toContain('b@example.com You did not open it');
    expect(subjects.filter((subject) => subject.startsWith('c@example.com'))).toEqual(['c@example.com News']);
    const store = new Database(scenario.db, { readonly: true });
    expect(JSON.parse(store.prepare("SELECT attrs FROM users WHERE user_id = 'C'").pluck().get() as string)).toMatchObject({ email_opt_in: false });
    expect(store.prepare("SELECT status || ' ' || reason FROM messages WHERE user_id = 'C' AND node_id = 'no'").pluck().get()).toBe('skipped no_consent');
    store.close();
  });
});
