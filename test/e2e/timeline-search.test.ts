import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { harnessClient } from '../fixtures/harness-client.ts';
import { writeMembersCsv, writeNextDayPosCsv, writeOnlineCsv, writeReviewPosCsv, writeTierChangeCsv } from '../fixtures/review-files.ts';
import { shootEverywhere, withProblems } from '../fixtures/ui-snapshots.ts';
import { useTempDir } from '../helpers/temp-dir.ts';
import { openApp, screenshot, useHarness } from './support.ts';

const tempDir = useTempDir();

const app = useHarness(() => path.join(tempDir(), 'store.db'));

beforeAll(async () => {
  const dir = tempDir();
  const client = harnessClient(app.web.url);
  await client.importFile(writeMembersCsv(dir), { kind: 'members', tz: 'Asia/Tokyo', commit: true });
  await client.importFile(writeReviewPosCsv(dir).file, { kind: 'pos', tz: 'Asia/Tokyo', commit: true });
  await client.importFile(writeOnlineCsv(dir), { kind: 'online', commit: true });
  // Imported, not synced: shown in the timeline as staged.
  await client.importFile(writeNextDayPosCsv(dir), { kind: 'pos', tz: 'Asia/Tokyo' });
  await client.importFile(writeTierChangeCsv(dir), { kind: 'members' });
});

describe('the Timeline screen', () => {
  it('finds a customer by phone and shows the profile beside the merged online and offline timeline', async () => {
    const page = await openApp(app.browser, app.web.url);
    await page.getByRole('navigation').getByRole('button', { name: 'Timeline' }).click();

    // The data quality charts come with their numbers as a table, once the store summary has loaded.
    const quality = page.getByRole('region', { name: 'Data quality by store' });
    await quality.getByRole('figure', { name: /Upload lag by store/ }).waitFor();
    expect(await quality.getByRole('figure', { name: /Upload lag by store/ }).count()).toBe(1);
    expect(await quality.getByRole('figure', { name: 'Rows without a member ID, by store' }).count()).toBe(1);
    const numbers = quality.getByRole('table', { name: 'The numbers behind the charts' });
    expect(await numbers.getByRole('row', { name: /^S01/ }).innerText()).toMatch(/S01\s+3\s+1\s+33\.3%\s+[\d.,]+ (?:hr|days?)\s+[\d.,]+ (?:hr|days?)/);

    // Typed as on the membership card, found though stored in E.164.
    const search = page.getByRole('combobox', { name: 'Find a customer' });
    await search.fill('090-1234-5678');
    await page.getByRole('option', { name: /M100000.*misaki@example\.jp/ }).click();
    expect(await search.getAttribute('aria-expanded')).toBe('false');

    const profile = page.getByRole('complementary', { name: 'Profile' });
    await profile.getByText('佐藤 美咲').waitFor();
    expect(await profile.innerText()).toMatch(/Member tier\s+Gold/);
    // The staged members sheet's change, marked as such.
    expect(await profile.innerText()).toMatch(/Staged[\s\S]*Update waiting to sync[\s\S]*Member tier\s+Gold\s*→\s*VIP/);

    const events = page.getByRole('region', { name: 'Activity' });
    const items = events.getByRole('listitem').filter({ has: page.locator('time') });
    expect(await items.count()).toBe(4);
    const [first, second, third, fourth] = await items.allInnerTexts();
    // Newest first: tomorrow's staged purchase, then the online visits, then the synced purchase.
    expect(first).toMatch(/Offline[\s\S]*In-store purchase[\s\S]*Staged[\s\S]*Not synced yet/);
    expect(first).toContain('珍珠奶茶');
    expect(second).toMatch(/Online[\s\S]*Added to cart[\s\S]*Synced[\s\S]*Uploaded [\d.,]+ (?:hr|days?) later/);
    expect(third).toMatch(/Online[\s\S]*Page view/);
    expect(fourth).toMatch(/Nov 1, 2026, 9:00 AM\s+UTC\+09:00[\s\S]*Offline[\s\S]*In-store purchase[\s\S]*Synced/);
    expect(await events.innerText()).toMatch(/4 events \(2 offline, 2 online\)/);

    await shootEverywhere(page, 'timeline').then((problems) => expect(withProblems(problems)).toEqual({}));
    // The same region in every language: found by its place, not its (translated) name.
    await shootEverywhere(page, 'timeline-quality', (tour) => tour.locator('section.quality').scrollIntoViewIfNeeded())
      .then((problems) => expect(withProblems(problems)).toEqual({}));

    // Keyboard only: type, arrow to the second match, Enter.
    await search.fill('M10000');
    await page.getByRole('option', { name: /M100001/ }).waitFor();
    await search.press('ArrowDown');
    await search.press('Enter');
    await page.getByRole('heading', { name: 'M100001', level: 3 }).waitFor();
    await profile.getByText('林 志明').waitFor();

    // A member id known only from a till, with no membership row, is found too.
    await search.fill('M100003');
    await page.getByRole('option', { name: /M100003.*No profile yet/ }).click();
    await events.getByText('In-store purchase').waitFor();
    expect(await profile.innerText()).toContain('No profile yet');
    await page.context().close();
  });

  it('keyboard: an id typed with Enter at once (as a card reader does) opens that customer; arrows move the highlight and Enter opens it', async () => {
    const page = await openApp(app.browser, app.web.url);
    await page.getByRole('navigation').getByRole('button', { name: 'Timeline' }).click();
    const search = page.getByRole('combobox', { name: 'Find a customer' });
    await search.click();
    // The characters and Enter without waiting for the suggestions: the customer typed is opened, not one suggested for earlier text.
    await search.pressSequentially('M100001');
    await search.press('Enter');
    await page.getByRole('heading', { name: 'M100001', level: 3 }).waitFor();
    expect(await search.getAttribute('aria-expanded')).toBe('false');

    await search.fill('M10000');
    const options = page.getByRole('listbox').getByRole('option');
    await options.filter({ hasText: 'M100000' }).waitFor();
    await options.filter({ hasText: 'M100001' }).waitFor();
    const highlighted = async () => {
      const id = await search.getAttribute('aria-activedescendant');
      return page.locator(`[id="${id}"]`).getAttribute('aria-selected').then(async (selected) => selected === 'true' ? (await page.locator(`[id="${id}"] .hit-id`).innerText()) : null);
    };
    expect(await highlighted()).toBe('M100000');
    await search.press('ArrowDown');
    expect(await highlighted()).toBe('M100001');
    await screenshot(page, 'timeline-search-keyboard-en-1280x800');
    await search.press('ArrowUp');
    expect(await highlighted()).toBe('M100000');
    await search.press('Enter');
    await page.getByRole('heading', { name: 'M100000', level: 3 }).waitFor();
    expect(await search.getAttribute('aria-expanded')).toBe('false');
    await page.context().close();
  });
});
