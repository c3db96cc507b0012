import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { seedLaggedStore } from '../fixtures/journey-store.ts';
import { shootEverywhere } from '../fixtures/ui-snapshots.ts';
import type { JourneyScenario } from '../helpers/journey-scenario.ts';
import { useTempDir } from '../helpers/temp-dir.ts';
import { openApp, useHarness } from './support.ts';

const tempDir = useTempDir();
let scenario: JourneyScenario;

interface Shown {
  state: string;
  definition: { nodes: Array<{ id: string; grace?: string; subject?: string }> };
}

const app = useHarness(async () => {
  // Store purchases reach the store 20 hours after they happen: the template's 1-day grace is enough.
  scenario = await seedLaggedStore(tempDir(), 20);
  return scenario.db;
});

const map = (page: Page) => page.getByRole('region', { name: 'Journey map' });
const node = (page: Page, label: string) => map(page).getByRole('group', { name: new RegExp(`^${label}\\.`) });
const stored = async (node: string) => (await scenario.run<Shown>(['journey', 'show', '1'])).definition.nodes.find((item) => item.id === node)!;

describe('editing a journey, its check, and going live', () => {
  it('warns on the node when the grace is cut below the measured upload lag, and the one-click fix removes the warning', async () => {
    const page = await openApp(app.browser, app.web.url);
    await page.getByRole('navigation').getByRole('button', { name: 'Journeys' }).click();
    await page.getByRole('button', { name: 'Create from template' }).click();
    const check = page.getByRole('region', { name: 'Journey check' });
    await expect.poll(() => check.innerText()).toContain('Designed for an upload lag of 20 hours');
    expect(await check.innerText()).toContain('No warnings');
    expect(await node(page, 'Buys in a store within 7 days').getAttribute('aria-label')).not.toContain('Warning');

    // Select the wait and cut its grace to 12 hours: the check (run in the window) warns at once.
    await node(page, 'Buys in a store within 7 days').click();
    const panel = page.getByRole('complementary', { name: 'Buys in a store within 7 days' });
    await panel.getByRole('combobox', { name: 'Upload grace unit' }).selectOption('hour');
    await panel.getByRole('spinbutton', { name: 'Upload grace' }).fill('12');
    await expect.poll(() => node(page, 'Buys in a store within 7 days').getAttribute('aria-label')).toContain('within 7 days + 12 hours grace. Warning: Grace shorter than the upload lag');
    expect(await check.innerText()).toContain('Grace shorter than the upload lag — Buys in a store within 7 days');
    expect(await panel.getByRole('listitem').innerText()).toContain('can be uploaded after the 12 hours grace ends: those customers take the Timeout path.');
    expect(await page.getByText('Unsaved changes').count()).toBe(1);
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Saved.' }).count()).toBe(1);
    expect((await stored('wait_purchase')).grace).toBe('PT12H');

    const shots = await shootEverywhere(page, 'journeys-check');
    expect(Object.values(shots).flat()).toEqual([]);

    // After a reload the saved journey still warns; the fix on the node applies, saves and re-checks.
    await page.reload();
    await page.getByRole('navigation').getByRole('button', { name: 'Journeys' }).click();
    await page.getByRole('button', { name: 'Encourage offline purchases', exact: true }).click();
    const fix = node(page, 'Buys in a store within 7 days').getByRole('button', { name: /^Fix: Add an upload grace of 20 hours/ });
    await fix.click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Fix applied and saved.' }).count()).toBe(1);
    await expect.poll(() => check.innerText()).toContain('No warnings');
    expect(await node(page, 'Buys in a store within 7 days').getAttribute('aria-label')).toContain('within 7 days + 20 hours grace');
    expect((await stored('wait_purchase')).grace).toBe('PT20H');
    await page.context().close();
  });

  it('edits a draft node and saves it, then activates (with a confirmation), pauses, resumes and stops (confirmed)', async () => {
    const page = await openApp(app.browser, app.web.url);
    await page.getByRole('navigation').getByRole('button', { name: 'Journeys' }).click();
    await page.getByRole('button', { name: 'Encourage offline purchases', exact: true }).click();
    // The map works from the keyboard: a focused node opens with Enter.
    await node(page, 'Encouragement email').focus();
    await page.keyboard.press('Enter');
    const panel = page.getByRole('complementary', { name: 'Encouragement email' });
    await panel.waitFor();
    await panel.getByRole('textbox', { name: 'Subject' }).fill('See you soon, {{name}}');
    await expect.poll(() => node(page, 'Encouragement email').getAttribute('aria-label')).toContain('See you soon, {{name}}');
    // Unsaved changes cannot go live.
    expect(await page.getByRole('button', { name: 'Activate' }).isDisabled()).toBe(true);
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await expect.poll(async () => (await stored('encourage')).subject).toBe('See you soon, {{name}}');

    await page.getByRole('button', { name: 'Activate' }).click();
    const activate = page.getByRole('dialog', { name: 'Activate “Encourage offline purchases”?' });
    await activate.getByRole('button', { name: 'Activate' }).click();
    await expect.poll(() => page.locator('.detail-head .badge').first().innerText()).toBe('Active');
    expect(await panel.getByRole('textbox', { name: 'Subject' }).isDisabled()).toBe(true);
    expect(await page.getByRole('button', { name: 'Save', exact: true }).count()).toBe(0);
    expect(await page.getByText('The journey is active: pause it to change its steps.').count()).toBe(1);

    await page.getByRole('button', { name: 'Pause' }).click();
    await expect.poll(() => page.locator('.detail-head .badge').first().innerText()).toBe('Paused');
    expect(await panel.getByRole('textbox', { name: 'Subject' }).isDisabled()).toBe(false);
    await page.getByRole('button', { name: 'Resume' }).click();
    await expect.poll(() => page.locator('.detail-head .badge').first().innerText()).toBe('Active');

    await page.getByRole('button', { name: 'Stop' }).click();
    const stop = page.getByRole('dialog', { name: 'Stop “Encourage offline purchases” for good?' });
    // Escape (or Cancel) keeps it running.
    await page.keyboard.press('Escape');
    expect(await stop.count()).toBe(0);
    expect((await scenario.run<Shown>(['journey', 'show', '1'])).state).toBe('active');
    await page.getByRole('button', { name: 'Stop' }).click();
    await stop.getByRole('button', { name: 'Stop' }).click();
    await expect.poll(() => page.locator('.detail-head .badge').first().innerText()).toBe('Stopped');
    expect((await scenario.run<Shown>(['journey', 'show', '1'])).state).toBe('stopped');
    expect(await page.getByRole('button', { name: 'Activate' }).count()).toBe(0);
    await page.context().close();
  });

  it('creates the template in the marketer\'s language', async () => {
    const page = await openApp(app.browser, app.web.url);
    await page.getByRole('banner').getByRole('combobox').selectOption('ja');
    await page.getByRole('navigation').getByRole('button', { name: 'ジャーニー' }).click();
    await page.getByRole('button', { name: 'テンプレートから作成' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 2 }).innerText()).toBe('店舗での購入を促す');
    expect(await page.getByRole('group', { name: /^VIP会員\./ }).count()).toBe(1);
    expect(await page.getByRole('group', { name: /^来店を促すメール\./ }).getAttribute('aria-label')).toContain('{{name}}様、またのご来店をお待ちしています');
    const created = (await scenario.run<{ journeys: Array<{ id: number; name: string }> }>(['journey', 'list'])).journeys.at(-1)!;
    expect(created.name).toBe('店舗での購入を促す');
    await page.getByRole('banner').getByRole('combobox').selectOption('en');
    await page.context().close();
  });
});
