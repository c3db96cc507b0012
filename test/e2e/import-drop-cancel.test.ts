import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { harnessClient } from '../fixtures/harness-client.ts';
import { posHeader, toDelimited, writeLargePosCsv } from '../fixtures/pos-csv.ts';
import { useTempDir } from '../helpers/temp-dir.ts';
import { findOverflow, openApp, screenshot, useHarness } from './support.ts';

const tempDir = useTempDir();

const app = useHarness(() => path.join(tempDir(), 'store.db'));

describe('getting a file in and out of an import', () => {
  it('takes a file dropped anywhere on the window', async () => {
    const page = await openApp(app.browser, app.web.url);
    const csv = toDelimited([posHeader, ['M1', '2026-11-27T10:00:00+09:00', 'S01', 'R1', '1', 'A', 'Tea', '1', '100', '100', 'cash']]);
    const dropped = await page.evaluateHandle((text) => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([text], 'dropped_register_export.csv', { type: 'text/csv' }));
      return transfer;
    }, csv);
    await page.dispatchEvent('main', 'dragenter', { dataTransfer: dropped });
    await page.getByText('Drop the file to import it').waitFor();
    await page.dispatchEvent('main', 'drop', { dataTransfer: dropped });
    await page.getByText('dropped_register_export.csv').waitFor();
    await page.getByRole('heading', { name: 'Columns' }).waitFor();
    expect(await page.getByText('Drop the file to import it').count()).toBe(0);
    await page.context().close();
  });

  it('shows the progress of a long import and cancels it, leaving nothing behind', async () => {
    const file = path.join(tempDir(), 'pos_big.csv');
    // Long enough that the import is still running after the screenshot below on a loaded machine (400,000
    // rows were not, once the import got faster): cancelling a finished import is another story.
    await writeLargePosCsv(file, 1_000_000);
    const page = await openApp(app.browser, app.web.url);
    await page.getByLabel('Choose a file').setInputFiles(file);
    await page.getByRole('heading', { name: 'Columns' }).waitFor();
    await page.getByLabel('Store time zone').selectOption('Asia/Tokyo');
    await page.getByRole('button', { name: 'Import and check' }).click();

    const progress = page.getByRole('progressbar', { name: 'Import progress' });
    await expect.poll(async () => Number(await progress.getAttribute('aria-valuenow') ?? 0), { timeout: 20_000 }).toBeGreaterThan(0);
    expect(await progress.getAttribute('aria-valuetext')).toMatch(/^[\d,]+ rows read · \d+(\.\d)?%$/);
    await screenshot(page, 'import-progress-en-1280x800');
    expect(await findOverflow(page)).toEqual([]);

    await page.getByRole('button', { name: 'Cancel import' }).click();
    await page.getByRole('status').filter({ hasText: 'The import was cancelled. Nothing was saved.' }).waitFor({ timeout: 20_000 });
    // Back where it was: the same file and choices, ready to start again.
    expect(await page.getByRole('button', { name: 'Import and check' }).isEnabled()).toBe(true);
    const { batches } = await harnessClient(app.web.url).call<{ batches: unknown[] }>('batches.list', {});
    expect(batches).toEqual([]);
    await page.context().close();
  });
});
