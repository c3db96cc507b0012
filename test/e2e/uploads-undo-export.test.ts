import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { harnessClient } from '../fixtures/harness-client.ts';
import { writeOnlineCsv, writeReviewPosCsv } from '../fixtures/review-files.ts';
import { shootEverywhere, withProblems } from '../fixtures/ui-snapshots.ts';
import { useTempDir } from '../helpers/temp-dir.ts';
import { openApp, useHarness } from './support.ts';

const tempDir = useTempDir();

const app = useHarness(() => path.join(tempDir(), 'store.db'));

beforeAll(async () => {
  const dir = tempDir();
  const client = harnessClient(app.web.url);
  await client.importFile(writeReviewPosCsv(dir).file, { kind: 'pos', tz: 'Asia/Tokyo', commit: true });
  await client.importFile(writeOnlineCsv(dir), { kind: 'online', commit: true });
});

describe('the Uploads screen', () => {
  it('lists batches, exports the rejected rows as CSV, and undoes a synced batch after saying what it removes', async () => {
    const page = await openApp(app.browser, app.web.url);
    await page.getByRole('navigation').getByRole('button', { name: 'Uploads' }).click();
    const list = page.getByRole('table', { name: 'Uploads' });
    await list.getByRole('button', { name: /web_events\.csv/ }).waitFor();
    const rows = list.getByRole('row');
    expect(await rows.nth(1).innerText()).toMatch(/web_events\.csv[\s\S]*Online events[\s\S]*3\s+3\s+0\s+0\s+Committed/);
    expect(await rows.nth(2).innerText()).toMatch(/pos_2026-11-27\.csv[\s\S]*POS export[\s\S]*8\s+6\s+2\s+0\s+Committed/);
    await shootEverywhere(page, 'uploads-list').then((problems) => expect(withProblems(problems)).toEqual({}));

    await list.getByRole('button', { name: /pos_2026-11-27\.csv/ }).click();
    await page.getByRole('heading', { name: 'pos_2026-11-27.csv' }).waitFor();
    await page.getByRole('grid', { name: 'Rows of pos_2026-11-27.csv' }).getByRole('button', { name: 'Row 7: show details' }).waitFor();
    await shootEverywhere(page, 'uploads-batch').then((problems) => expect(withProblems(problems)).toEqual({}));

    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export rejected rows (CSV)' }).click();
    const saved = await download;
    expect(saved.suggestedFilename()).toBe('pos_2026-11-27-rejected-rows.csv');
    const csv = fs.readFileSync((await saved.path())!, 'utf8');
    const lines = csv.replace(/^\ufeff/, '').split('\r\n');
    expect(lines[0]).toBe('row,issues,reasons,Member ID,Purchased At,Store,Receipt No,Line No,SKU,Product Name,Quantity,Unit Price,Amount,Payment Method');
    const missing = lines.find((line) => line.startsWith('4,'))!;
    expect(missing).toContain('missing_user_id');
    expect(missing).toContain('user_id is blank');
    // A cell a spreadsheet would run as a formula is kept as text.
    expect(missing).toContain('"\'=HYPERLINK(""http://x.example"",""free"")"');
    expect(lines.find((line) => line.startsWith('7,'))).toMatch(/invalid_timestamp invalid_number/);
    await page.getByRole('status').filter({ hasText: 'Saved pos_2026-11-27-rejected-rows.csv (2 rows).' }).waitFor();

    await page.getByRole('button', { name: 'Undo…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Undo this upload?' });
    await dialog.waitFor();
    const question = await dialog.innerText();
    expect(question).toContain('pos_2026-11-27.csv');
    expect(question).toContain('6 events will be removed from the store.');
    expect(question).toContain('0 customer profiles will be restored');
    await shootEverywhere(page, 'uploads-undo').then((problems) => expect(withProblems(problems)).toEqual({}));
    await dialog.getByRole('button', { name: 'Undo upload' }).click();
    await page.getByRole('status').filter({ hasText: 'Undone. Events removed: 6 · Profiles restored: 0.' }).waitFor();
    await page.locator('.batch-title').getByText('Undone').waitFor();
    expect(await page.getByRole('button', { name: 'Undo…' }).count()).toBe(0);

    await page.getByRole('button', { name: 'All uploads' }).click();
    expect(await list.getByRole('row').nth(2).innerText()).toMatch(/pos_2026-11-27\.csv[\s\S]*Undone/);

    // The purchase is gone from the member's timeline; their online events stay.
    await page.getByRole('navigation').getByRole('button', { name: 'Timeline' }).click();
    await page.getByRole('combobox', { name: 'Find a customer' }).fill('M100000');
    await page.getByRole('option', { name: /M100000/ }).click();
    const events = page.getByRole('region', { name: 'Activity' });
    await events.getByText('Added to cart').waitFor();
    expect(await events.getByRole('listitem').count()).toBe(2);
    expect(await events.innerText()).not.toContain('In-store purchase');
    expect(await events.innerText()).not.toContain('Offline');
    await page.context().close();
  });
});
