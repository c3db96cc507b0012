import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openSettingsSection } from '../fixtures/settings-sections.ts';
import { shootEverywhere, withProblems } from '../fixtures/ui-snapshots.ts';
import { writeSharedTextBombWorkbook } from '../fixtures/xlsx-fixtures.ts';
import { toDelimited } from '../fixtures/pos-csv.ts';
import { cliJson } from '../helpers/run-cli.ts';
import { useTempDir } from '../helpers/temp-dir.ts';
import { openApp, useHarness } from './support.ts';

const tempDir = useTempDir();
let db: string;
let folder: string;

const app = useHarness(async () => {
  const dir = tempDir();
  db = path.join(dir, 'store.db');
  folder = path.join(dir, 'members in');
  fs.mkdirSync(folder);
  // The folder is watched before anything is in it.
  await cliJson(['watch', '--folder', folder, '--kind', 'members', '--settle', 'PT1S', '--once', '--db', db]);
  return db;
});

describe('a watched file that cannot be imported', () => {
  it('shows a notice naming the file and why, links to the watched folders, and the next file is imported', async () => {
    const past = new Date(Date.now() - 60_000);
    await writeSharedTextBombWorkbook(folder, { rows: 2_000, columns: 6, chars: 3_000, name: 'members_2026-11.xlsx' });
    fs.writeFileSync(path.join(folder, 'members_extra.csv'), toDelimited([['Member ID', 'Tier'], ['M1', 'VIP']]));
    for (const name of ['members_2026-11.xlsx', 'members_extra.csv']) fs.utimesSync(path.join(folder, name), past, past);
    const page = await openApp(app.browser, app.web.url);
    await openSettingsSection(page, 'Automation');

    await page.getByRole('button', { name: 'Check now' }).click();
    const notices = page.getByRole('region', { name: 'Files waiting for review' });
    const notice = notices.getByText('“members_2026-11.xlsx” from a watched folder could not be imported; nothing was saved.');
    await notice.waitFor({ timeout: 30_000 });
    // Why, without a word read from the file (a watched file's outcome never quotes it).
    expect(await notices.innerText()).toMatch(/the workbook holds more than an import may read \(it may be built to fill the disk\) \(xlsx_too_large, row \d+\); nothing was saved/);
    const results = page.getByRole('table', { name: /^What this check did/ });
    await expect.poll(async () => (await results.locator('tbody tr').allInnerTexts()).map((text) => text.split(/\s+/).slice(0, 2).join(' ')))
      .toEqual(['members_2026-11.xlsx Failed', 'members_extra.csv Committed']);

    await shootEverywhere(page, 'automation-failed-notice').then((problems) => expect(withProblems(problems)).toEqual({}));

    await notices.getByRole('button', { name: 'Dismiss the notice about members_2026-11.xlsx' }).click();
    expect(await notices.count()).toBe(0);
    await page.context().close();
  });
});
