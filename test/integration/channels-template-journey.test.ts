import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startTrackingServer } from '../../electron/core/channels/tracking-server.ts';
import { openStore } from '../../electron/core/store/open-store.ts';
import { encourageOfflinePurchases } from '../../shared/journey/template.ts';
import { toDelimited, writeEncoded } from '../fixtures/pos-csv.ts';
import { cli } from '../helpers/run-cli.ts';
import { day, hour, JourneyScenario, t0 } from '../helpers/journey-scenario.ts';
import { startSmsTestGateway } from '../helpers/sms-test-gateway.ts';
import { startSmtpTestServer } from '../helpers/smtp-test-server.ts';
import { useTempDir } from '../helpers/temp-dir.ts';

const tempDir = useTempDir();
const closers: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const close of closers.reverse()) await close();
});

describe('the template journey end to end, on a manual clock', () => {
  it('sends exactly the emails and SMS a marketer expects over 12 days, to real servers', async () => {
    const smtp = await startSmtpTestServer();
    const gateway = await startSmsTestGateway();
    closers.push(smtp.close, gateway.close);
    const dir = tempDir();
    const scenario = new JourneyScenario(dir);
    await scenario.settings(['--zone', 'UTC', '--quiet-hours', 'off', '--cap', 'email=5', '--cap', 'sms=5']);
    const trackingDb = openStore(scenario.db);
    const tracking = await startTrackingServer(trackingDb, scenario.clock);
    closers.push(async () => {
      await tracking.close();
      trackingDb.close();
    });

    const members = path.join(dir, 'members.xlsx.csv');
    writeEncoded(members, toDelimited([['会員番号', '氏名', 'メールアドレス', '携帯電話', '会員ランク', 'メール配信', 'SMS配信'],
      ['V1', '山田', 'v1@example.jp', '090-1000-0001', 'VIP', '○', '○'],
      ['V2', '佐藤', 'v2@example.jp', '090-1000-0002', 'VIP', '○', '○'],
      ['V3', '鈴木', 'v3@example.jp', '090-1000-0003', 'VIP', '○', '○'],
      ['V4', '高橋', 'v4@example.jp', '090-1000-0004', 'VIP', '×', '○'],
      ['G1', '田中', 'g1@example.jp', '090-1000-0005', 'Gold', '○', '○']]), 'shift_jis');
    scenario.clock.set(t0 - day);
    await scenario.run(['import', members, '--tz', 'Asia/Tokyo', '--commit']);
    const purchases = path.join(dir, 'pos.csv');
    writeEncoded(purchases, toDelimited([['会員ID', '購入日時', '店舗', 'レシート番号', '行番号', '商品名'], ['V1', new Date(t0 + 3 * day).toISOString(), 'S01', 'R1', '1', '抹茶ラテ']]), 'shift_jis');

    const secret = path.join(dir, 'smtp-password');
    fs.writeFileSync(secret, 'secret', { mode: 0o600 });
    for (const args of [
      ['channels', 'email', '--host', '127.0.0.1', '--port', String(smtp.port), '--security', 'none', '--from', 'shop@example.jp', '--tracking-url', tracking.url],
      ['channels', 'test', 'email', '--to', 'clerk@example.jp'],
      ['channels', 'sms', '--url', gateway.url],
      ['channels', 'test', 'sms', '--to', '+81 90 9999 0000'],
    ]) {
      const run = await cli([...args, '--db', scenario.db], scenario.clock);
      expect(run.code, run.stderr).toBe(0);
    }
    const journeyFile = path.join(dir, 'journey.json');
    fs.writeFileSync(journeyFile, JSON.stringify(encourageOfflinePurchases));
    const created = await scenario.run<{ id: number }>(['journey', 'create', journeyFile]);
    await scenario.run(['journey', 'activate', String(created.id), '--at', new Date(t0).toISOString()]);

    for (let k = 0; k <= 12; k++) {
      if (k === 4) {
        // The store uploads the day-3 purchase on day 4.
        scenario.clock.set(t0 + 4 * day);
        await scenario.run(['import', purchases, '--tz', 'Asia/Tokyo', '--commit']);
      }
      await scenario.tick(t0 + k * day);
      if (k === 8) {
        // V2 opens the encouragement email an hour after it arrives (its tracking pixel is fetched).
        const mail = smtp.mails.find((item) => item.to.includes('v2@example.jp'))!;
        const pixel = /src="([^"]+\.gif\?s=[\w-]+)"/.exec(String(mail.parsed.html))![1]!;
        scenario.clock.set(t0 + 8 * day + hour);
        expect((await fetch(pixel)).status).toBe(200);
        // Hits are written one batch per window: end this one now.
        tracking.flush();
      }
    }

    const mails = smtp.mails.map((mail) => `${mail.to.join(',')} ${mail.parsed.subject}`);
    expect(mails).toEqual([
      'clerk@example.jp Shopfloor test message',
      'v1@example.jp Thank you for your visit, 山田',
      'v2@example.jp We miss you, 佐藤',
      'v3@example.jp We miss you, 鈴木',
      'v2@example.jp A little something for your next visit',
    ]);
    expect(gateway.delivered.map((request) => `${request.body.to} ${request.body.text}`)).toEqual([
      '+819099990000 Shopfloor test message: SMS is set up.',
      '+819010000004 高橋, your VIP gift is waiting in store this week.',
      '+819010000003 鈴木, your VIP gift is waiting in store this week.',
    ]);
    const outbox = await scenario.outbox();
    expect(outbox.map((message) => `${message.user_id} ${message.node} ${message.status} ${message.due_at.slice(0, 10)}`)).toEqual([
      'V1 thank_you sent 2026-12-05',
      'V2 encourage sent 2026-12-09',
      'V3 encourage sent 2026-12-09',
      'V4 encourage skipped 2026-12-09',
      'V4 sms sent 2026-12-09',
      'V2 follow_up sent 2026-12-09',
      'V3 sms sent 2026-12-12',
    ]);
  });
});
