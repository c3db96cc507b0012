import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { seedPreviewStore } from '../fixtures/journey-store.ts';
import { shootEverywhere } from '../fixtures/ui-snapshots.ts';
import type { JourneyScenario } from '../helpers/journey-scenario.ts';
import { useTempDir } from '../helpers/temp-dir.ts';
import { openApp, useHarness } from './support.ts';

const tempDir = useTempDir();
let scenario: JourneyScenario;

const app = useHarness(async () => {
  // Store S01's purchases were uploaded 30 hours after they happened; quiet hours off, zone Asia/Tokyo.
  scenario = await seedPreviewStore(tempDir());
  return scenario.db;
});

async function openSettings(page: Page) {
  await page.getByRole('navigation').getByRole('button', { name: 'Settings' }).click();
  await page.getByRole('table', { name: 'Stores' }).waitFor();
}

const engineSettings = () => scenario.run<{ quiet_hours: { start: string; end: string } | null; daily_cap: Record<string, number>; stale_after: string }>(['settings']);

describe('settings', () => {
  it('saves quiet hours, caps, the stale limit and a store\'s zone; shows the measured upload lag', async () => {
    const page = await openApp(app.browser, app.web.url);
    await openSettings(page);
    expect(await page.getByRole('combobox', { name: 'Default store time zone' }).inputValue()).toBe('Asia/Tokyo');
    const store = page.getByRole('table', { name: 'Stores' }).getByRole('row', { name: /S01/ });
    expect((await store.innerText()).replace(/\s+/g, ' ').trim()).toBe('S01 30 hours 5');
    expect(await page.getByRole('status', { name: 'Measured upload lag of store data' }).innerText()).toBe('30 hours');
    const quiet = page.getByRole('checkbox', { name: 'Don\'t send during quiet hours' });
    expect(await quiet.isChecked()).toBe(false);
    expect(await page.getByLabel('From').isDisabled()).toBe(true);

    await quiet.check();
    await page.getByLabel('From').fill('22:00');
    await page.getByLabel('Until').fill('08:00');
    await page.getByRole('spinbutton', { name: 'Email' }).fill('3');
    await page.getByRole('spinbutton', { name: 'SMS' }).fill('');
    await page.getByRole('spinbutton', { name: 'Skip messages overdue by more than (hours)' }).fill('48');
    await page.getByRole('textbox', { name: 'Name of store S01' }).fill('Shinjuku');
    await page.getByRole('combobox', { name: 'Time zone of store S01' }).fill('Asia/Taipei');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Saved.' }).count()).toBe(1);
    expect(await engineSettings()).toMatchObject({ quiet_hours: { start: '22:00', end: '08:00' }, daily_cap: { email: 3 }, stale_after: 'P2D' });
    expect((await engineSettings()).daily_cap).not.toHaveProperty('sms');

    await page.reload();
    await openSettings(page);
    expect(await page.getByRole('combobox', { name: 'Time zone of store S01' }).inputValue()).toBe('Asia/Taipei');
    expect(await page.getByRole('textbox', { name: 'Name of store S01' }).inputValue()).toBe('Shinjuku');
    expect(await page.getByRole('checkbox', { name: 'Don\'t send during quiet hours' }).isChecked()).toBe(true);
    expect(await page.getByLabel('From').inputValue()).toBe('22:00');
    expect(await page.getByRole('spinbutton', { name: 'SMS' }).inputValue()).toBe('');
    await page.context().close();
  });

  it('refuses a zone that does not exist, with a clear message next to it, and saves nothing', async () => {
    const page = await openApp(app.browser, app.web.url);
    await openSettings(page);
    await page.getByRole('combobox', { name: 'Time zone of store S01' }).fill('Asia/Tokio');
    await page.getByRole('combobox', { name: 'Default store time zone' }).fill('Mars/Olympus');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    const alerts = page.getByRole('alert');
    await expect.poll(() => alerts.allInnerTexts()).toEqual([
      '“Mars/Olympus” is not a time zone. Use a name from the list, such as Asia/Tokyo.',
      '“Asia/Tokio” is not a time zone. Use a name from the list, such as Asia/Tokyo.',
      '2 fields need attention: the settings were not saved.',
    ]);
    expect(await page.getByRole('combobox', { name: 'Time zone of store S01' }).getAttribute('aria-invalid')).toBe('true');
    // Fixing one field clears its message at once.
    await page.getByRole('combobox', { name: 'Default store time zone' }).fill('Asia/Tokyo');
    await expect.poll(() => alerts.count()).toBe(2);
    await page.reload();
    await openSettings(page);
    expect(await page.getByRole('combobox', { name: 'Time zone of store S01' }).inputValue()).toBe('Asia/Taipei');
    await page.context().close();
  });

  it('switches the whole UI to the language saved here', async () => {
    const page = await openApp(app.browser, app.web.url);
    await openSettings(page);
    await page.getByRole('combobox', { name: 'Show Shopfloor in' }).selectOption('ja');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await expect.poll(() => page.getByRole('heading', { level: 2 }).innerText()).toBe('設定');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('ja');
    expect(await page.getByRole('navigation').getByRole('button', { name: 'ジャーニー' }).count()).toBe(1);
    expect(await page.getByRole('status').filter({ hasText: '保存しました。' }).count()).toBe(1);
    expect(await page.getByRole('banner').getByRole('combobox').inputValue()).toBe('ja');
    await page.getByRole('combobox', { name: '表示言語' }).selectOption('en');
    await page.getByRole('button', { name: '保存', exact: true }).click();
    await expect.poll(() => page.getByRole('heading', { level: 2 }).innerText()).toBe('Settings');

    const shots = await shootEverywhere(page, 'settings');
    expect(Object.values(shots).flat()).toEqual([]);
    await page.context().close();
  });
});
