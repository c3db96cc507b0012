import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { writeReviewPosCsv } from '../fixtures/review-files.ts';
import { uiSizes } from '../fixtures/ui-snapshots.ts';
import { corruptPage } from '../helpers/corrupt-page.ts';
import { cliJson } from '../helpers/run-cli.ts';
import { useTempDir } from '../helpers/temp-dir.ts';
import { findOverflow, screenshot, useHarness } from './support.ts';

const tempDir = useTempDir();
let backupName: string;

// A store with one upload and a good backup of it; then one page of its events is damaged on disk.
const app = useHarness(async () => {
  const dir = tempDir();
  const db = path.join(dir, 'store.db');
  await cliJson(['import', writeReviewPosCsv(dir).file, '--tz', 'Asia/Tokyo', '--commit', '--db', db]);
  backupName = (await cliJson<{ name: string }>(['backup', 'now', '--db', db])).name;
  const reader = new Database(db, { readonly: true });
  const page = reader.prepare("SELECT pageno FROM dbstat WHERE name = 'events' AND pagetype = 'leaf' LIMIT 1").pluck().get() as number;
  reader.close();
  corruptPage(db, page);
  expect(fs.existsSync(db)).toBe(true);
  return db;
});

describe('a damaged store at start', () => {
  it('the app does not open it, says so in the user\'s language, and restores the newest good backup in its place', async () => {
    const problems: Record<string, string[]> = {};
    for (const [locale, title] of [['ja-JP', 'データベースが破損しています'], ['zh-TW', '資料庫已損毀'], ['en-US', 'The database is damaged']] as const) {
      const context = await app.browser.newContext({ locale });
      const page = await context.newPage();
      await page.goto(app.web.url);
      await page.getByRole('heading', { name: title }).waitFor();
      for (const size of uiSizes) {
        await page.setViewportSize(size);
        const shot = `damaged-store-${locale.slice(0, 2) === 'zh' ? 'zh-TW' : locale.slice(0, 2)}-${size.width}x${size.height}`;
        await screenshot(page, shot);
        problems[shot] = await findOverflow(page);
      }
      if (locale !== 'en-US') {
        await context.close();
        continue;
      }
      const screen = page.getByRole('main');
      expect(await screen.innerText()).toMatch(/Shopfloor checked its database at start and found a problem \(.+\)\. It did not open it, so nothing more is written to it\./);
      expect(await screen.innerText()).toContain(`(${backupName})`);
      await page.getByRole('button', { name: 'Restore this backup' }).click();
      // The page starts again on the restored store: the app itself.
      await page.getByRole('navigation').waitFor();
      await page.getByRole('navigation').getByRole('button', { name: 'Uploads' }).click();
      await page.getByRole('table', { name: 'Uploads' }).getByRole('button', { name: /pos_2026-11-27\.csv/ }).waitFor();
      await context.close();
    }
    expect(Object.fromEntries(Object.entries(problems).filter(([, list]) => list.length > 0))).toEqual({});
  });
});
