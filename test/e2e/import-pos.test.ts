import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { writeReviewPosCsv } from '../fixtures/review-files.ts';
import { shootEverywhere, withProblems } from '../fixtures/ui-snapshots.ts';
import { useTempDir } from '../helpers/temp-dir.ts';
import { openApp, useHarness } from './support.ts';

const tempDir = useTempDir();

const app = useHarness(() => path.join(tempDir(), 'store.db'));

function tile(page: Page, name: string) {
  return page.locator('.count-tile', { has: page.getByRole('term').filter({ hasText: new RegExp(`^${name}$`) }) }).getByRole('definition');
}

describe('importing a POS export in the browser', () => {
  it('chooses the file, changes a column, reviews the rejected rows, syncs, and finds the purchase in the timeline', async () => {
    const pos = writeReviewPosCsv(tempDir());
    const page = await openApp(app.browser, app.web.url);

    await page.getByLabel('Choose a file').setInputFiles(pos.file);
    await page.getByRole('heading', { name: 'Columns' }).waitFor();
    expect(await page.getByLabel('Type of data').inputValue()).toBe('pos');
    expect(await page.getByLabel('Text encoding').inputValue()).toBe('utf-8');
    const payment = page.getByLabel('Imported as, for column “Payment Method”');
    expect(await payment.inputValue()).toBe('target:payment_method');
    expect(await page.getByLabel('Imported as, for column “Member ID”').inputValue()).toBe('target:user_id');

    // The file's times carry no offset: the store's zone is asked for before anything starts.
    const start = page.getByRole('button', { name: 'Import and check' });
    expect(await start.isDisabled()).toBe(true);
    await page.getByLabel('Store time zone').selectOption('Asia/Tokyo');

    await payment.selectOption('skipped');
    await expect.poll(() => payment.inputValue()).toBe('skipped');
    await shootEverywhere(page, 'import-columns').then((problems) => expect(withProblems(problems)).toEqual({}));

    await start.click();
    await page.getByRole('heading', { name: 'Check the result' }).waitFor();
    expect(await tile(page, 'Rows').innerText()).toBe('8');
    expect(await tile(page, 'Accepted').innerText()).toBe('6');
    expect(await tile(page, 'Rejected').innerText()).toBe('2');
    expect(await tile(page, 'Duplicates').innerText()).toBe('0');
    for (const issue of ['Missing user_id', 'Invalid date/time', 'Invalid number']) {
      expect(await page.getByRole('button', { name: new RegExp(`^${issue}\\s*1$`) }).count(), issue).toBe(1);
    }
    const stores = page.getByRole('table', { name: 'Rows without a member ID, by store' });
    expect(await stores.getByRole('row', { name: /S01/ }).innerText()).toMatch(/S01\s+3\s+1\s+33\.3%/);

    // Narrow the grid to the refused rows, then open the one without a member id.
    await page.getByLabel('Show', { exact: true }).selectOption('rejected');
    await expect.poll(() => page.getByRole('status').filter({ hasText: /rows?$/ }).innerText()).toBe('2 rows');
    const grid = page.getByRole('grid', { name: `Rows of ${path.basename(pos.file)}` });
    expect(await grid.getByRole('row').count()).toBe(3);
    const open = grid.getByRole('button', { name: `Row ${pos.missingRow}: show details` });
    await open.click();
    const dialog = page.getByRole('dialog', { name: new RegExp(`Row ${pos.missingRow}`) });
    await dialog.getByText('The member ID is blank').waitFor();
    expect(await dialog.innerText()).toContain('Missing user_id');
    expect(await dialog.innerText()).toContain('Column “Member ID”');
    expect(await dialog.getByRole('row', { name: /SKU/ }).innerText()).toContain('=HYPERLINK');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expect(await open.evaluate((element) => element === document.activeElement)).toBe(true);
    await page.getByLabel('Show', { exact: true }).selectOption('all');

    await shootEverywhere(page, 'import-preview').then((problems) => expect(withProblems(problems)).toEqual({}));

    await page.getByRole('button', { name: 'Sync', exact: true }).click();
    await page.getByRole('status').filter({ hasText: 'Synced: 6 events added to the store.' }).waitFor();

    await page.getByRole('navigation').getByRole('button', { name: 'Timeline' }).click();
    await page.getByRole('combobox', { name: 'Find a customer' }).fill('M100000');
    await page.getByRole('option', { name: /M100000/ }).click();
    const events = page.getByRole('region', { name: 'Activity' });
    const purchase = events.getByRole('listitem').filter({ hasText: 'In-store purchase' });
    await purchase.waitFor();
    expect(await purchase.count()).toBe(1);
    const text = await purchase.innerText();
    expect(text).toContain('Offline');
    expect(text).toContain('Synced');
    expect(text).not.toContain('Staged');
    expect(text).toMatch(/Uploaded [\d.,]+ (hr|days?) later/);
    // "Payment Method" was not imported: the event carries no payment.
    expect(text).not.toContain('Payment');
    expect(text).toContain('Store');
    await page.context().close();
  });
});
