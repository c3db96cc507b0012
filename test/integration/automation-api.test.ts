import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { aesSecretBox } from '../../electron/core/channels/secret-box.ts';
import { ManualClock } from '../../electron/core/clock.ts';
import { startCoreHost } from '../../electron/core/host/start-core-host.ts';
import type { EventName } from '../../shared/contract/events.ts';
import { generatePosRows, posCells, posHeader, toDelimited } from '../fixtures/pos-csv.ts';
import { startUpstreamTestServer } from '../helpers/upstream-test-server.ts';
import { useTempDir } from '../helpers/temp-dir.ts';

const tempDir = useTempDir();
const closers: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const close of closers.reverse()) await close();
});

describe('automation and upstream through the API the UI uses', () => {
  it('sets up a folder and the platform, imports and pushes on demand, tells about files to review, and warns before undoing a pushed batch', async () => {
    const server = await startUpstreamTestServer();
    const dir = tempDir();
    const folder = path.join(dir, 'exports');
    fs.mkdirSync(folder);
    const clock = new ManualClock(Date.parse('2026-12-01T00:00:00Z'));
    const core = startCoreHost({ dbPath: path.join(dir, 'store.db'), clock, schedulerIntervalMs: 0, secretBox: aesSecretBox(Buffer.alloc(32, 5)) });
    closers.push(server.close, () => core.close());
    const events: Array<[EventName, unknown]> = [];
    core.on((event, payload) => events.push([event, payload]));

    // As main's folder dialog does when the user picks it.
    core.grants.grantFolder(folder);
    expect(await core.invoke('automation.save', { folder: { folder, kind: 'pos', tz: 'Asia/Tokyo', max_rejected_rate: 0.05, settle_ms: 1000 } })).toMatchObject({ ok: true, value: { folder, kind: 'pos', mode: 'arrival' } });
    expect(await core.invoke('automation.save', { folder: { folder, kind: 'pos', mode: 'daily' } })).toMatchObject({ ok: false, error: { code: 'bad_automation', message: 'a daily run needs its time (HH:MM)' } });
    expect(await core.invoke('upstream.save', { config: { base_url: server.url, app_id: 'shop' }, token: 'tok' })).toMatchObject({ ok: true, value: { configured: true, jobs: [] } });
    expect(JSON.stringify(await core.invoke('upstream.get', {}))).not.toContain('tok"');

    const write = (name: string, missingEvery: number) => {
      const file = path.join(folder, name);
      // Each file its own receipts: the two exports are different days.
      fs.writeFileSync(file, toDelimited([posHeader, ...[...generatePosRows(100, { missingEvery })].map(posCells).map((cells) => cells.map((cell, index) => (index === 3 ? `${name}-${cell}` : cell)))]));
      fs.utimesSync(file, new Date(clock.now() - 60_000), new Date(clock.now() - 60_000));
    };
    write('pos_good.csv', 0);
    write('pos_bad.csv', 5);
    const scan = await core.invoke('automation.scan', {});
    expect(scan).toMatchObject({ ok: true, value: { results: [
      { file: 'pos_bad.csv', outcome: 'review' }, { file: 'pos_good.csv', outcome: 'committed' },
    ] } });
    expect(events.filter(([event]) => event === 'automation.review')).toEqual([['automation.review', expect.objectContaining({ file: 'pos_bad.csv', rejected_rate: 0.2 })]]);
    // The committed file went upstream in the same pass.
    expect(server.accepted.flatMap((upload) => upload.rows)).toHaveLength(100);
    const status = await core.invoke('upstream.get', {});
    expect(status).toMatchObject({ ok: true, value: { jobs: [expect.objectContaining({ status: 'done', rows: 100 })], last_success: expect.any(String) } });

    const good = (await core.invoke('batches.list', {})) as { ok: true; value: { batches: Array<{ id: number; file: string }> } };
    const goodId = good.value.batches.find((batch) => batch.file === 'pos_good.csv')!.id;
    expect(await core.invoke('batches.rollbackPreview', { id: goodId })).toMatchObject({ ok: true, value: { events: 100, upstream: { pushed: 1, can_delete: false } } });
    expect(await core.invoke('batches.rollback', { id: goodId })).toMatchObject({ ok: false, error: { code: 'pushed_upstream' } });
    expect(await core.invoke('batches.rollback', { id: goodId, localOnly: true })).toMatchObject({ ok: true, value: { events_removed: 100 } });
  });
});
