import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SHEETJS_READER_HEAP_MB } from '../../electron/core/import/sheetjs/sheetjs-limits.ts';
import { READER_HEAP_MB } from '../../electron/core/import/stage-worker-thread.ts';
import { userDataDir } from '../../electron/core/paths.ts';
import { toDelimited, writeEncoded, writeLargePosCsv } from '../fixtures/pos-csv.ts';
import { writeStoreSheets } from '../fixtures/sheetjs-workbooks.ts';
import { startCli } from '../helpers/child-cli.ts';
import { repoRoot, spawnBin } from '../helpers/run-cli.ts';
import { useTempDir } from '../helpers/temp-dir.ts';

const tempDir = useTempDir();

describe('the shopfloor bin', () => {
  it("uses the app's per-user data folder by default and prints human-readable output", async () => {
    const home = tempDir();
    const file = path.join(home, 'pos_2026-11-27.csv');
    writeEncoded(file, toDelimited([['会員ID', '購入日時', '店舗', 'レシート番号', '行番号', '商品名'], ['M100001', '2026/11/27 13:45', 'S01', 'R1', '1', '抹茶ラテ'], ['', '2026/11/27 13:46', 'S01', 'R1', '2', '烏龍茶']]), 'shift_jis');
    const env = { HOME: home, XDG_CONFIG_HOME: path.join(home, '.config'), SHOPFLOOR_DB: '' };
    const imported = await spawnBin(['import', file, '--kind', 'pos', '--tz', 'Asia/Tokyo'], { env });
    expect(imported.code).toBe(0);
    expect(imported.stdout).toContain('Staged batch 1 from pos_2026-11-27.csv (pos, shift_jis)');
    expect(imported.stdout).toContain('2 rows: 1 accepted, 1 rejected, 0 duplicates');
    expect(fs.existsSync(path.join(home, '.config', 'Shopfloor', 'shopfloor.db'))).toBe(true);

    const committed = await spawnBin(['commit', '--all'], { env });
    expect(committed.stdout).toBe('Committed batch 1: 1 events added.\n');
    const timeline = await spawnBin(['timeline', 'M100001'], { env });
    expect(timeline.stdout).toMatch(/2026-11-27 13:45:00\+09:00\s+offline_purchase\s+offline\s+committed/);
    expect(timeline.stdout).toContain('product_name=抹茶ラテ');
  });

  it('fails with a non-zero status and one line naming the file', async () => {
    const dir = tempDir();
    const run = await spawnBin(['import', path.join(dir, 'missing.csv'), '--db', path.join(dir, 'x.db')]);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('shopfloor: missing.csv: no such file\n');
    const bad = await spawnBin(['import', path.join(dir, 'missing.csv'), '--kind', 'receipts']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--kind.*receipts/);
  });

  it('runs from the bundle, and reads a large file on the bundle\'s staging worker beside it', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'pos_large.csv');
    await writeLargePosCsv(file, 120_000, { missingEvery: 33 });
    expect(fs.statSync(file).size).toBeGreaterThan(8 * 1024 * 1024); // files this large are read on a worker thread
    const { done } = startCli(['import', file, '--tz', 'Asia/Tokyo', '--db', path.join(dir, 'store.db'), '--json'],
      { nodeFlags: ['--import', path.join(repoRoot, 'test/helpers/report-workers.mjs')] });
    const run = await done;
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ status: 'staged', rows: 120_000, accepted: 116_364, rejected: 3_636 });
    expect([...run.stderr.matchAll(/^worker_script=(.*)$/gm)].map((match) => path.relative(repoRoot, match[1]!))).toEqual([path.join('dist', 'cli', 'stage-worker.mjs')]);
  });

  it('backs up on the bundle\'s backup worker beside it, and the backup verifies', async () => {
    const dir = tempDir();
    const db = path.join(dir, 'store.db');
    expect((await spawnBin(['settings', '--zone', 'Asia/Tokyo', '--db', db])).code).toBe(0);
    const { done } = startCli(['backup', 'now', '--db', db, '--json'], { nodeFlags: ['--import', path.join(repoRoot, 'test/helpers/report-workers.mjs')] });
    const run = await done;
    expect([run.code, run.stderr.replace(/^worker_\w+=.*\n/gm, '')]).toEqual([0, '']);
    expect([...run.stderr.matchAll(/^worker_script=(.*)$/gm)].map((match) => path.relative(repoRoot, match[1]!))).toEqual([path.join('dist', 'cli', 'backup-worker.mjs')]);
    const backup = JSON.parse(run.stdout) as { file: string; kind: string };
    expect(backup.kind).toBe('manual');
    expect(JSON.parse((await spawnBin(['backup', 'verify', backup.file, '--db', db, '--json'])).stdout)).toMatchObject({ ok: true, integrity: 'ok' });
  });

  it('reads a legacy .xls with SheetJS from the bundle, on the staging worker beside it under its own heap cap', async () => {
    const dir = tempDir();
    const file = writeStoreSheets(dir, 'biff5', { codepage: 932, name: 'members-95' });
    const xlsx = writeStoreSheets(dir, 'xlsx');
    const reportWorkers = ['--import', path.join(repoRoot, 'test/helpers/report-workers.mjs')];
    const run = await startCli(['import', file, '--db', path.join(dir, 'store.db')], { nodeFlags: reportWorkers }).done;
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Staged batch 1 from members-95.xls (members, sheet "会員")');
    expect(run.stdout).toContain('4 rows: 2 accepted, 2 rejected, 0 duplicates');
    const workers = (stderr: string) => [...stderr.matchAll(/^worker_(script|heap_mb)=(.*)$/gm)].map(([, key, value]) => (key === 'script' ? path.relative(repoRoot, value!) : Number(value)));
    expect(workers(run.stderr)).toEqual([path.join('dist', 'cli', 'stage-worker.mjs'), SHEETJS_READER_HEAP_MB]);
    // The streaming .xlsx reader keeps the smaller cap.
    const streamed = await startCli(['import', xlsx, '--db', path.join(dir, 'other.db')], { nodeFlags: reportWorkers }).done;
    expect(workers(streamed.stderr)).toEqual([path.join('dist', 'cli', 'stage-worker.mjs'), READER_HEAP_MB]);
    expect(SHEETJS_READER_HEAP_MB).toBeGreaterThan(READER_HEAP_MB);
  });

  it('finds the data folder the Electron app uses on each platform', () => {
    expect(userDataDir({ XDG_CONFIG_HOME: '/x/cfg' }, 'linux')).toBe('/x/cfg/Shopfloor');
    expect(userDataDir({ APPDATA: 'C:\\Users\\a\\AppData\\Roaming' }, 'win32')).toMatch(/Roaming[\\/]Shopfloor$/);
    expect(userDataDir({}, 'darwin')).toMatch(/Library\/Application Support\/Shopfloor$/);
  });
});
