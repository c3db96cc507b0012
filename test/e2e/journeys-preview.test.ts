import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { previewStartLocal, seedPreviewStore } from '../fixtures/journey-store.ts';
import { scrollMainTo, shootEverywhere } from '../fixtures/ui-snapshots.ts';
import { useTempDir } from '../helpers/temp-dir.ts';
import { openApp, useHarness } from './support.ts';

const tempDir = useTempDir();

const app = useHarness(async () => {
  const scenario = await seedPreviewStore(tempDir());
  return scenario.db;
});

const node = (page: Page, label: string) => page.getByRole('region', { name: 'Journey map' }).getByRole('group', { name: new RegExp(`^${label}\\.`) });

describe('the template journey, previewed over the store data', () => {
  it('is one click away, and its preview shows counts on the nodes, the schedule, traces and the grace comparison', async () => {
    const page = await openApp(app.browser, app.web.url);
    await page.getByRole('navigation').getByRole('button', { name: 'Journeys' }).click();
    await page.getByRole('button', { name: 'Create from template' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 2 }).innerText()).toBe('Encourage offline purchases');
    expect(await page.locator('.badge.draft').innerText()).toBe('Draft');
    for (const label of ['VIP members', 'Buys in a store within 7 days', 'Thank-you email', 'Encouragement email', 'Email opened\\?', 'Follow-up email', 'SMS']) {
      expect(await node(page, label).count(), label).toBe(1);
    }

    // Each purchase reached the store 30 hours after it happened (as recorded): the same as --upload-lag PT30H.
    await page.getByRole('textbox', { name: 'Start (Asia/Tokyo)' }).fill(previewStartLocal);
    await page.getByRole('spinbutton', { name: 'Days', exact: true }).fill('14');
    await page.getByRole('button', { name: 'Run preview' }).click();
    const comparison = page.getByRole('table', { name: 'With and without upload grace' });
    await comparison.waitFor();

    // By hand (see the fixture): 7 VIPs enter; V1 and V3 buy in time (V3 only thanks to the grace); V2's late
    // upload takes it out after the encouragement; V4–V6 get the SMS, and V7 (no email consent) gets it at once.
    const reached = { 'VIP members': 7, 'Buys in a store within 7 days': 7, 'Thank-you email': 2, 'Encouragement email': 5, 'Email opened\\?': 5, 'Follow-up email': 0, SMS: 4 };
    for (const [label, count] of Object.entries(reached)) {
      expect(await node(page, label).getAttribute('aria-label'), label).toContain(`. ${count} reached`);
    }
    expect(await node(page, 'Thank-you email').getAttribute('aria-label')).toContain('without grace: 1');
    expect(await node(page, 'Encouragement email').getAttribute('aria-label')).toContain('without grace: 6');
    expect(await node(page, 'SMS').getAttribute('aria-label')).not.toContain('without grace');

    const summary = page.getByRole('list', { name: 'Preview results' });
    expect(await summary.innerText()).toMatch(/9\s+Customers\s+7\s+Entered\s+3\s+Converted \(goal\)\s+1\s+Left \(exit rule\)\s+6\s+Completed\s+11\s+Messages/);

    const row = async (name: string) => (await comparison.getByRole('row', { name }).getByRole('cell').allInnerTexts()).join(' | ');
    expect(await row('Reached “Thank-you email”')).toBe('2 | 1 | −1');
    expect(await row('Reached “Encouragement email”')).toBe('5 | 6 | +1');
    expect(await row('Left (exit rule)')).toBe('1 | 2 | +1');
    expect(await row('Converted (goal)')).toBe('3 | 3 | —');

    const schedule = page.getByRole('grid', { name: 'Message schedule' });
    expect(await schedule.getAttribute('aria-rowcount')).toBe('12');
    const rows = schedule.getByRole('row');
    await expect.poll(() => rows.nth(1).innerText()).toMatch(/Dec 4, 2026, 3:00\s?PM\s+V1\s+Email\s+Thank-you email\s+Scheduled/);
    const skipped = (await rows.allInnerTexts()).filter((text) => text.includes('Skipped'));
    expect(skipped).toHaveLength(1);
    expect(skipped[0]).toMatch(/Dec 9, 2026, 9:00\s?AM\s+V7\s+Email\s+Encouragement email\s+Skipped\s+No consent for this channel/);

    // Without grace, V3's purchase (uploaded after the 7 days) no longer counts: a wrong "we miss you" email.
    await page.getByRole('radio', { name: 'Without grace' }).check();
    await expect.poll(async () => (await rows.allInnerTexts()).some((text) => /V3\s+Email\s+Encouragement email/.test(text))).toBe(true);
    await page.getByRole('radio', { name: 'With grace' }).check();

    // Why did V7 get an SMS? Its id in the schedule opens its trace.
    await schedule.getByRole('button', { name: 'V7' }).first().click();
    const trace = page.getByRole('list', { name: 'Steps of V7' });
    await expect.poll(() => trace.innerText()).toContain('Email not sent: No consent for this channel');
    const steps = await trace.getByRole('listitem').allInnerTexts();
    expect(steps.map((step) => step.replace(/\s+/g, ' '))).toEqual([
      expect.stringMatching(/VIP members Entered: matches the entry condition$/),
      expect.stringMatching(/Buys in a store within 7 days Waiting for “Store purchase” made by Dec 8, 2026, 9:00\sAM and uploaded by Dec 9, 2026, 9:00\sAM$/),
      expect.stringMatching(/Buys in a store within 7 days Timed out$/),
      expect.stringMatching(/Encouragement email Email not sent: No consent for this channel$/),
      expect.stringMatching(/Email opened\? Not opened: the email was Skipped \(No consent for this channel\)$/),
      expect.stringMatching(/SMS SMS scheduled for Dec 9, 2026, 9:00\sAM$/),
      expect.stringMatching(/SMS Completed the journey$/),
    ]);
    // A Gold member is traced on request: they never entered.
    await page.getByRole('textbox', { name: 'Trace another customer' }).fill('G1');
    await page.getByRole('button', { name: 'Show trace' }).click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'G1' }).innerText()).toBe('G1 did not enter the journey in this period.');
    await page.getByRole('textbox', { name: 'Trace another customer' }).fill('V2');
    await page.getByRole('button', { name: 'Show trace' }).click();
    await expect.poll(() => page.getByRole('list', { name: 'Steps of V2' }).innerText()).toMatch(/Left the journey: “Store purchase” at Dec 8, 2026, 5:00\sAM/);

    await scrollMainTo(page, '.journey-detail');
    const map = await shootEverywhere(page, 'journeys-map', (shot) => scrollMainTo(shot, '.journey-detail'));
    const results = await shootEverywhere(page, 'journeys-preview', (shot) => scrollMainTo(shot, '.preview-results'));
    expect({ ...map, ...results }).toEqual(Object.fromEntries(Object.keys({ ...map, ...results }).map((key) => [key, []])));
    await page.context().close();
  });

  it('tests the journey on one customer, every wait shortened, and lists the journeys with their state', async () => {
    const page = await openApp(app.browser, app.web.url);
    await page.getByRole('navigation').getByRole('button', { name: 'Journeys' }).click();
    await page.getByRole('button', { name: 'Encourage offline purchases' }).click();
    await page.getByRole('tab', { name: 'Test on one customer' }).click();
    await page.getByRole('textbox', { name: 'Customer ID' }).fill('V5');
    await page.getByRole('spinbutton', { name: 'Shorten every wait to' }).fill('2');
    await page.getByRole('button', { name: 'Run test' }).click();
    const path = page.getByRole('list', { name: 'Path taken' });
    await expect.poll(() => path.getByRole('listitem').allInnerTexts()).toEqual(['VIP members', 'Buys in a store within 7 days', 'Encouragement email', 'Email opened?', 'SMS']);
    expect(await page.locator('.test-result .badge').first().innerText()).toBe('Completed');
    await page.getByRole('checkbox', { name: 'Assume the email is opened' }).check();
    await page.getByRole('button', { name: 'Run test' }).click();
    await expect.poll(() => path.getByRole('listitem').allInnerTexts()).toEqual(['VIP members', 'Buys in a store within 7 days', 'Encouragement email', 'Email opened?', 'Follow-up email']);

    await page.getByRole('button', { name: '← All journeys' }).click();
    const table = page.getByRole('table', { name: 'Journeys' });
    await table.waitFor();
    expect((await table.getByRole('row', { name: /Encourage offline purchases/ }).innerText()).replace(/\s+/g, ' ')).toMatch(/^Encourage offline purchases 7 steps Draft 0 0 0 0 /);
    const list = await shootEverywhere(page, 'journeys-list');
    expect(Object.values(list).flat()).toEqual([]);
    await page.context().close();
  });
});
