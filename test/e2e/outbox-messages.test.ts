import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { encourageOfflinePurchases } from '../../shared/journey/template.ts';
import { outboxTicks, seedOutboxStore } from '../fixtures/journey-store.ts';
import { scrollMainTo, shootEverywhere } from '../fixtures/ui-snapshots.ts';
import type { JourneyScenario } from '../helpers/journey-scenario.ts';
import { useTempDir } from '../helpers/temp-dir.ts';
import { openApp, useHarness } from './support.ts';

const tempDir = useTempDir();
let scenario: JourneyScenario;

const app = useHarness(async () => {
  const dir = tempDir();
  ({ scenario } = await seedOutboxStore(dir));
  // A second journey, still a draft: nothing of it in the outbox.
  const file = path.join(dir, 'second.json');
  fs.writeFileSync(file, JSON.stringify({ ...encourageOfflinePurchases, name: 'Gold members: thank you' }));
  await scenario.run(['journey', 'create', file]);
  return scenario.db;
});

const messageRows = async (page: Page) => {
  const grid = page.getByRole('grid', { name: 'Messages' });
  await grid.waitFor();
  await expect.poll(async () => (await grid.getByRole('row').allInnerTexts()).every((text) => text.trim() !== '')).toBe(true);
  return (await grid.getByRole('row').allInnerTexts()).slice(1).map((text) => text.replace(/\s+/g, ' ').trim());
};
const total = (page: Page) => page.locator('.outbox-total').innerText();

describe('the outbox', () => {
  it('lists what the engine scheduled, sent and skipped, with reasons, and filters by journey, customer and status', async () => {
    const page = await openApp(app.browser, app.web.url);
    await page.getByRole('navigation').getByRole('button', { name: 'Outbox' }).click();
    await expect.poll(() => page.getByText('No messages yet.').count()).toBe(1);

    // The scheduler is off in tests: the engine runs when the command line ticks it, on the same store.
    for (const now of outboxTicks) await scenario.tick(now);
    await page.getByRole('button', { name: 'Refresh' }).click();
    await expect.poll(() => total(page)).toBe('4 messages');
    expect(await messageRows(page)).toEqual([
      'Dec 3, 2026, 12:00 PM V1 Email Thank-you email · Encourage offline purchases Sent Dry run',
      'Dec 9, 2026, 9:00 AM V2 Email Encouragement email · Encourage offline purchases Skipped No consent for this channel',
      'Dec 9, 2026, 9:00 AM V2 SMS SMS · Encourage offline purchases Scheduled Deferred: quiet hours',
      'Dec 9, 2026, 9:00 AM V3 Email Encouragement email · Encourage offline purchases Scheduled Deferred: quiet hours',
    ].map((text) => expect.stringMatching(new RegExp(`^${text.replace(/[()?]/g, '\\$&').replace(/ (AM|PM)/g, '\\s?$1')}$`))));

    const filters = page.getByRole('search', { name: 'Filter messages' });
    const status = filters.getByRole('combobox', { name: 'Status' });
    expect(await status.locator('option').allInnerTexts()).toEqual(['All statuses (4)', 'Scheduled (2)', 'Sent (1)', 'Skipped (1)', 'Cancelled (0)']);
    await status.selectOption('skipped');
    await expect.poll(() => total(page)).toBe('1 message');
    expect(await messageRows(page)).toEqual([expect.stringContaining('V2 Email Encouragement email · Encourage offline purchases Skipped No consent for this channel')]);
    await status.selectOption('');

    await filters.getByRole('searchbox', { name: 'Customer ID' }).fill('V3');
    await expect.poll(() => total(page)).toBe('1 message');
    expect(await messageRows(page)).toEqual([expect.stringContaining('V3 Email Encouragement email · Encourage offline purchases Scheduled')]);
    expect(await status.locator('option').first().innerText()).toBe('All statuses (1)');
    await filters.getByRole('searchbox', { name: 'Customer ID' }).fill('');
    await expect.poll(() => total(page)).toBe('4 messages');

    const journey = filters.getByRole('combobox', { name: 'Journey' });
    await journey.selectOption({ label: 'Gold members: thank you' });
    await expect.poll(() => page.getByText('No messages match these filters.').count()).toBe(1);
    expect(await total(page)).toBe('0 messages');
    await journey.selectOption({ label: 'Encourage offline purchases' });
    await expect.poll(() => total(page)).toBe('4 messages');
    await page.context().close();
  });

  it('shows the messages a stopped journey cancelled, and why', async () => {
    const page = await openApp(app.browser, app.web.url);
    await page.getByRole('navigation').getByRole('button', { name: 'Journeys' }).click();
    await page.getByRole('button', { name: 'Encourage offline purchases', exact: true }).click();
    await page.getByRole('button', { name: 'Stop' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Stop' }).click();
    await expect.poll(() => page.locator('.detail-head .badge').first().innerText()).toBe('Stopped');

    await page.getByRole('navigation').getByRole('button', { name: 'Outbox' }).click();
    await page.getByRole('search').getByRole('combobox', { name: 'Status' }).selectOption('cancelled');
    await expect.poll(() => total(page)).toBe('2 messages');
    expect(await messageRows(page)).toEqual([
      expect.stringContaining('V2 SMS SMS · Encourage offline purchases Cancelled Journey stopped'),
      expect.stringContaining('V3 Email Encouragement email · Encourage offline purchases Cancelled Journey stopped'),
    ]);
    await page.getByRole('search').getByRole('combobox', { name: 'Status' }).selectOption('');
    await expect.poll(() => total(page)).toBe('4 messages');
    const shots = await shootEverywhere(page, 'outbox', (shot) => scrollMainTo(shot, '.outbox'));
    expect(Object.values(shots).flat()).toEqual([]);
    await page.context().close();
  });
});
