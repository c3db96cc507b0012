import fs from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { JourneyReport } from '../../electron/core/results/journey-report.ts';
import { seedResultsStore, type ResultsStore } from '../fixtures/results-store.ts';
import { scrollMainTo, shootEverywhere, withProblems } from '../fixtures/ui-snapshots.ts';
import { useTempDir } from '../helpers/temp-dir.ts';
import { openApp, screenshot, useHarness } from './support.ts';

const tempDir = useTempDir();
let store: ResultsStore;
// Three weeks of uploads and ticks through the command line take longer than a hook usually may.
beforeAll(async () => {
  store = await seedResultsStore(tempDir());
}, 240_000);
const app = useHarness(() => store.scenario.db);

async function openJourney(page: Page, name: string): Promise<void> {
  await page.getByRole('navigation').getByRole('button', { name: 'Journeys' }).click();
  await page.getByRole('button', { name, exact: true }).click();
  await expect.poll(() => page.getByRole('heading', { level: 2 }).innerText()).toBe(name);
}

const tile = (page: Page, name: string) => page.locator('.result-tiles').getByRole('region', { name, exact: true });
const pairs = async (page: Page, name: string) => (await tile(page, name).locator('dl > div').allInnerTexts()).map((text) => text.replace(/\s+/g, ' '));

describe('the results of a journey', () => {
  it('shows target against control with the lift and its interval, the still-arriving days, stores and messages, as the report computes them', async () => {
    // The command line's report, at the time the browser asks (the harness runs on the real clock): the numbers to find.
    store.scenario.clock.set(Date.now());
    const report = await store.scenario.run<JourneyReport>(['journey', 'report', String(store.journeyId)]);
    const page = await openApp(app.browser, app.web.url);
    await openJourney(page, 'VIP win-back');
    // A journey that has run opens on its results.
    expect(await page.getByRole('tab', { name: 'Results' }).getAttribute('aria-selected')).toBe('true');
    await tile(page, 'Target group').waitFor();
    const whole = new Intl.NumberFormat('en-US');
    const percent = (value: number) => new Intl.NumberFormat('en-US', { style: 'percent', maximumFractionDigits: 1 }).format(value);
    const money = (value: number) => new Intl.NumberFormat('en-US', Number.isInteger(value) ? { maximumFractionDigits: 0 } : { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(value);
    expect(await pairs(page, 'Target group')).toEqual([
      `Entered ${whole.format(report.target.entered)}`, `Converted ${whole.format(report.target.converted)}`,
      `Conversion rate ${percent(report.target.rate!)}`, `Revenue per customer ${money(report.target.revenue_per_entrant!)}`,
    ]);
    expect(await pairs(page, 'Control group')).toEqual([
      `Entered ${whole.format(report.control!.entered)}`, `Converted ${whole.format(report.control!.converted)}`,
      `Conversion rate ${percent(report.control!.rate!)}`, `Revenue per customer ${money(report.control!.revenue_per_entrant!)}`,
    ]);
    expect(report.lift!.enough_data).toBe(true);
    const points = (value: number) => `${value > 0 ? '+' : value < 0 ? '-' : ''}${Math.abs(value * 100).toFixed(1)} pts`;
    const lift = (await tile(page, 'Lift').innerText()).replace(/\s+/g, ' ');
    expect(lift).toContain(points(report.lift!.rate));
    expect(lift).toContain(`95% confidence: ${points(report.lift!.rate_ci95[0])} to ${points(report.lift!.rate_ci95[1])}`);
    expect(lift).toContain('The journey brings customers back: the whole interval is above zero.');

    // The goal window (7 days) plus the measured upload lag (30 hours) have not passed for the last 9 days of entries.
    expect(await page.locator('.results-arriving').innerText()).toMatch(/^Stores upload up to 30 hr late; the last 9 days are still arriving\.$/);
    await page.getByText('Show the cohorts as a table').click();
    const cohortRows = page.locator('.cohort-table tbody tr');
    const days = [...new Set(report.cohorts.map((cohort) => cohort.start))];
    expect(await cohortRows.count()).toBe(days.length);
    const provisionalDays = [...new Set(report.cohorts.filter((cohort) => cohort.provisional).map((cohort) => cohort.start))];
    expect(await page.locator('.cohort-table tbody tr.provisional th').allInnerTexts()).toEqual(provisionalDays);
    expect(provisionalDays.length).toBeGreaterThan(0);
    expect(await page.locator('.results-chart .recharts-reference-area').count()).toBe(1);

    const stores = page.getByRole('table', { name: /^By store/ });
    expect(await stores.locator('tbody th').allInnerTexts()).toEqual(Object.keys(report.by_store).map((name) => (name === '(none)' ? 'No store known' : name)));
    const messages = page.getByRole('table', { name: 'By message' });
    expect((await messages.getByRole('row', { name: /^We miss you/ }).getByRole('cell').allInnerTexts())).toEqual([
      whole.format(report.by_message.hello!.sent), whole.format(report.by_message.hello!.converted_after), money(report.by_message.hello!.revenue_after!),
      whole.format(report.by_message.hello!.control!.would_have_sent), whole.format(report.by_message.hello!.control!.converted_after),
    ]);

    // One store: the tiles are that store's.
    await page.getByRole('combobox', { name: 'Store' }).selectOption('Ginza');
    await expect.poll(() => pairs(page, 'Target group')).toContain(`Entered ${whole.format(report.by_store.Ginza!.target.entered)}`);
    await page.getByRole('combobox', { name: 'Store' }).selectOption('');
    // By week: cohorts start on Mondays.
    await page.getByRole('radio', { name: 'Week' }).check();
    await expect.poll(async () => (await page.locator('.cohort-table tbody th').allInnerTexts()).every((start) => new Date(`${start}T00:00:00Z`).getUTCDay() === 1)).toBe(true);

    // Export: the CSV the command line writes, one row per cohort × group × store.
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export CSV' }).click();
    const file = await (await download).path();
    const lines = fs.readFileSync(file, 'utf8').trimEnd().split('\r\n');
    expect(lines[0]).toBe('\ufeffcohort_start,group,store,entered,converted,rate,revenue,revenue_per_entrant,provisional');
    const weekly = await store.scenario.run<JourneyReport>(['journey', 'report', String(store.journeyId), '--by', 'week']);
    expect(lines).toHaveLength(weekly.cohorts.length + 1);
    await page.getByRole('radio', { name: 'Day' }).check();

    // The map says who is held back; so do the journey's settings, where the share can no longer change.
    const entry = page.getByRole('region', { name: 'Journey map' }).getByRole('group', { name: /^VIP members\./ });
    expect(await entry.getAttribute('aria-label')).toContain('Control group: 20%');
    await page.getByRole('button', { name: 'Journey settings' }).click();
    const share = page.getByRole('spinbutton', { name: 'Control group (% of customers held back)' });
    expect(await share.inputValue()).toBe('20');
    expect(await share.isDisabled()).toBe(true);
    await page.getByRole('complementary').getByRole('button', { name: 'Close' }).click();

    await page.getByText('Show the cohorts as a table').click();
    await scrollMainTo(page, '.journey-detail');
    await screenshot(page, 'journeys-results-map-en-1280x800');
    const shots = await shootEverywhere(page, 'journeys-results', (shot) => scrollMainTo(shot, '.results-panel'));
    const tables = await shootEverywhere(page, 'journeys-results-tables', (shot) => scrollMainTo(shot, '.results-table-wrap'));
    expect(withProblems({ ...shots, ...tables })).toEqual({});
    await page.context().close();
  });

  it('says "not enough data" instead of a lift for a handful of customers, and the preview holds back the same group as the engine', async () => {
    const page = await openApp(app.browser, app.web.url);
    await openJourney(page, 'Small test');
    await tile(page, 'Lift').waitFor();
    expect((await tile(page, 'Lift').innerText()).replace(/\s+/g, ' '))
      .toBe('Lift Not enough data A lift needs at least 30 customers and 5 conversions in each group.');

    await openJourney(page, 'VIP win-back');
    const report = await store.scenario.run<JourneyReport>(['journey', 'report', String(store.journeyId)]);
    await page.getByRole('tab', { name: 'Preview' }).click();
    await page.getByRole('textbox', { name: 'Start (Asia/Tokyo)' }).fill(`${report.cohorts[0]!.start}T00:00`);
    await page.getByRole('spinbutton', { name: 'Days', exact: true }).fill('30');
    await page.getByRole('button', { name: 'Run preview' }).click();
    const summary = page.getByRole('list', { name: 'Preview results' });
    await summary.waitFor();
    expect((await summary.innerText()).replace(/\s+/g, ' ')).toContain(`${report.control!.entered} Held back (control)`);
    await scrollMainTo(page, '.preview-results');
    await screenshot(page, 'journeys-results-preview-en-1280x800');
    await page.context().close();
  });
});
