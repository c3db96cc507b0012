import path from 'node:path';
import type { Request } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { harnessClient } from '../fixtures/harness-client.ts';
import { writeLargePosCsv } from '../fixtures/pos-csv.ts';
import { useTempDir } from '../helpers/temp-dir.ts';
import { openApp, useHarness } from './support.ts';

const ROWS = 50_000;
const tempDir = useTempDir();

const app = useHarness(() => path.join(tempDir(), 'store.db'));

beforeAll(async () => {
  const file = path.join(tempDir(), 'pos_50k.csv');
  await writeLargePosCsv(file, ROWS, { missingEvery: 1000 });
  await harnessClient(app.web.url).importFile(file, { kind: 'pos', tz: 'Asia/Tokyo', timeoutMs: 50_000 });
});

describe('the rows grid of a large batch', () => {
  it('scrolls to the last of 50,000 rows while only the pages in view reach the renderer', async () => {
    const page = await openApp(app.browser, app.web.url);
    const asked: Array<{ offset: number; limit: number }> = [];
    page.on('request', (request: Request) => {
      if (!request.url().endsWith('/api/invoke')) return;
      const body = JSON.parse(request.postData() ?? '{}') as { method?: string; input?: { offset?: number; limit?: number } };
      if (body.method === 'batches.rows') asked.push({ offset: body.input?.offset ?? 0, limit: body.input?.limit ?? 100 });
    });

    await page.getByRole('navigation').getByRole('button', { name: 'Uploads' }).click();
    await page.getByRole('button', { name: /pos_50k\.csv/ }).click();
    const grid = page.getByRole('grid', { name: 'Rows of pos_50k.csv' });
    await grid.getByRole('button', { name: 'Row 2: show details' }).waitFor();
    expect(await grid.getAttribute('aria-rowcount')).toBe(String(ROWS + 1));
    await page.getByRole('status').filter({ hasText: '50,000 rows' }).waitFor();

    // Halfway, then the very end, as a clerk dragging the scrollbar would.
    const scroller = grid.locator('.grid-scroller');
    await scroller.evaluate((element) => element.scrollTo({ top: element.scrollHeight / 2 }));
    await grid.getByRole('button', { name: /^Row 25\d{3}: show details$/ }).first().waitFor();
    await scroller.evaluate((element) => element.scrollTo({ top: element.scrollHeight }));
    const last = page.getByRole('button', { name: `Row ${ROWS + 1}: show details` });
    await grid.locator(last).waitFor();
    expect(await grid.getByRole('row').filter({ has: last }).innerText()).toMatch(/Accepted|Rejected/);

    const received = asked.reduce((sum, request) => sum + request.limit, 0);
    expect(Math.max(...asked.map((request) => request.limit))).toBeLessThanOrEqual(500);
    expect(received).toBeLessThan(2_000);
    expect(asked.some((request) => request.offset + request.limit >= ROWS)).toBe(true);

    // Only the refused rows: one in a thousand has no member id.
    await page.getByLabel('Show', { exact: true }).selectOption('rejected');
    await page.getByRole('status').filter({ hasText: /^50 rows$/ }).waitFor();
    await grid.getByRole('button', { name: 'Row 1001: show details' }).waitFor();
    await page.context().close();
  });
});
