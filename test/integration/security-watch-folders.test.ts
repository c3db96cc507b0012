import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../electron/core/clock.ts';
import { startCoreHost } from '../../electron/core/host/start-core-host.ts';
import type { CoreHost } from '../../electron/core/host/core-host-types.ts';
import { writePosExport } from '../fixtures/watched-exports.ts';
import { cli } from '../helpers/run-cli.ts';
import { useTempDir } from '../helpers/temp-dir.ts';

const tempDir = useTempDir();
const cores: CoreHost[] = [];
afterAll(async () => {
  for (const core of cores) await core.close();
});

function start(dir: string): CoreHost {
  const core = startCoreHost({ dbPath: path.join(dir, 'store.db'), clock: new ManualClock(Date.now()), schedulerIntervalMs: 0 });
  cores.push(core);
  return core;
}

type Scan = { ok: true; value: { results: Array<{ file: string; outcome: string; detail?: string }> } };

describe('watched folders, as the app runs them', () => {
  it('a folder saved before folders had to be chosen in the dialog is not read until confirmed there', async () => {
    const dir = tempDir();
    const folder = path.join(dir, 'exports');
    fs.mkdirSync(folder);
    let core = start(dir);
    core.grants.grantFolder(folder);
    expect(await core.invoke('automation.save', { folder: { folder, kind: 'pos', tz: 'Asia/Tokyo' } })).toMatchObject({ ok: true, value: { confirmed: true } });
    await core.close();
    // As migration 6 leaves a folder an earlier version saved.
    const db = new Database(path.join(dir, 'store.db'));
    db.prepare('UPDATE watch_folders SET confirmed_at = NULL').run();
    db.close();
    writePosExport(folder, 'pos_2026-11-27.csv', { missingEvery: 0 });

    core = start(dir);
    expect(await core.invoke('automation.list', {})).toMatchObject({ ok: true, value: { folders: [{ folder, confirmed: false }] } });
    expect(await core.invoke('automation.scan', {})).toEqual({ ok: true, value: { results: [] } });
    // Changing its settings does not confirm it either: only the dialog does.
    expect(await core.invoke('automation.save', { folder: { folder, kind: 'pos', tz: 'Asia/Tokyo', pattern: 'pos_*.csv' } })).toMatchObject({ ok: false, error: { code: 'folder_not_granted' } });
    core.grants.grantFolder(folder);
    expect(await core.invoke('automation.save', { folder: { folder, kind: 'pos', tz: 'Asia/Tokyo' } })).toMatchObject({ ok: true, value: { confirmed: true } });
    expect(await core.invoke('automation.scan', {})).toMatchObject({ ok: true, value: { results: [{ file: 'pos_2026-11-27.csv', outcome: 'committed' }] } });
  });

  it('says why a file failed without a word read from it, in the scan and in the list of files', async () => {
    const dir = tempDir();
    const folder = path.join(dir, 'exports');
    fs.mkdirSync(folder);
    const core = start(dir);
    core.grants.grantFolder(folder);
    // No store time zone: an export whose times have no offset cannot be read.
    expect(await core.invoke('automation.save', { folder: { folder, kind: 'pos', settle_ms: 0 } })).toMatchObject({ ok: true });
    const secret = 'root:x:0:0:root:/root:/bin/bash';
    fs.writeFileSync(path.join(folder, 'passwd.csv'), `${secret}\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n`);
    fs.writeFileSync(path.join(folder, 'times.csv'), 'Member ID,Purchased At,Store,Receipt No\nM1,2026/11/27 10:17:43,S01,R1\n');
    const past = new Date(Date.now() - 60_000);
    for (const name of ['passwd.csv', 'times.csv']) fs.utimesSync(path.join(folder, name), past, past);
    const scan = await core.invoke('automation.scan', {}) as Scan;
    expect(scan.value.results.map(({ file, outcome }) => [file, outcome])).toEqual([['passwd.csv', 'failed'], ['times.csv', 'failed']]);
    expect(scan.value.results.map((result) => result.detail)).toEqual([
      'a column Shopfloor needs (such as the member ID or the purchase time) was not found (unmapped_required, row 1); nothing was saved. Import the file by hand to see the details',
      'its times have no UTC offset and the folder has no store time zone: set one (timezone_required, row 2); nothing was saved. Import the file by hand to see the details',
    ]);
    const listed = JSON.stringify(await core.invoke('automation.list', {}));
    for (const text of [JSON.stringify(scan), listed]) {
      expect(text).not.toContain('root:');
      expect(text).not.toContain('daemon');
      expect(text).not.toContain('10:17:43');
      expect(text).not.toContain('Purchased At');
    }
  });

  it('refuses a network (UNC) path, even from the command line', async () => {
    const dir = tempDir();
    const core = start(dir);
    const share = '//fileserver/registers';
    core.grants.grantFolder(share);
    expect(await core.invoke('automation.save', { folder: { folder: share, kind: 'pos' } })).toMatchObject({ ok: false, error: { code: 'bad_automation', message: 'folder: a network (UNC) path cannot be watched: choose a folder on this computer' } });
    const run = await cli(['watch', '--folder', share, '--kind', 'pos', '--once', '--db', path.join(dir, 'cli.db')]);
    expect([run.code, run.stderr]).toEqual([1, 'shopfloor: folder: a network (UNC) path cannot be watched: choose a folder on this computer\n']);
  });
});
