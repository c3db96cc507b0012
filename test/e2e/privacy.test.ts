import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../electron/core/clock.ts';
import { writeMembersCsv, writeReviewPosCsv, writeTierChangeCsv } from '../fixtures/review-files.ts';
import { shootEverywhere, withProblems } from '../fixtures/ui-snapshots.ts';
import { cliJson } from '../helpers/run-cli.ts';
import { useTempDir } from '../helpers/temp-dir.ts';
import { openApp, useHarness } from './support.ts';

const tempDir = useTempDir();
const day = 86_400_000;
const synced = Date.parse('2026-06-01T03:00:00Z');
let db: string;

// Three uploads synced in June, and the retention purge run 100 days later (the setting keeps 90).
const app = useHarness(async () => {
  const dir = tempDir();
  db = path.join(dir, 'store.db');
  const clock = new ManualClock(synced);
  const run = (args: string[]) => cliJson([...args, '--db', db], clock);
  await run(['settings', '--zone', 'Asia/Tokyo']);
  await run(['import', writeMembersCsv(dir), '--kind', 'members', '--commit']);
  await run(['import', writeReviewPosCsv(dir).file, '--tz', 'Asia/Tokyo', '--commit']);
  clock.set(synced + day);
  await run(['import', writeTierChangeCsv(dir), '--kind', 'members', '--commit']);
  await run(['purge', '--now', new Date(synced + 100 * day).toISOString()]);
  return db;
});

describe('privacy in the app', () => {
  it('Uploads says when a batch\'s raw rows were removed, and that undoing it can no longer restore profiles', async () => {
    const page = await openApp(app.browser, app.web.url);
    await page.getByRole('navigation').getByRole('button', { name: 'Uploads' }).click();
    await page.getByRole('table', { name: 'Uploads' }).getByRole('button', { name: /members_upgrade\.csv/ }).click();
    await page.getByRole('heading', { name: 'members_upgrade.csv' }).waitFor();
    const head = page.locator('.batch-head');
    expect(await head.innerText()).toMatch(/Raw rows removed\s+Sep 9, 2026/);
    expect(await head.locator('.purged-note').innerText()).toBe('The original cells of this upload’s rows and the customers’ earlier profile values were removed on Sep 9, 2026, 12:00 PM, at the end of the retention period: undoing it can no longer restore profiles.');
    await page.getByRole('button', { name: 'Undo…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Undo this upload?' });
    await dialog.waitFor();
    expect(await dialog.innerText()).toContain('Profiles cannot be restored: their earlier values were removed on Sep 9, 2026, 12:00 PM (retention), so the customers keep this upload’s values.');
    await shootEverywhere(page, 'uploads-purged-undo').then((problems) => expect(withProblems(problems)).toEqual({}));
    await dialog.getByRole('button', { name: 'Cancel' }).click();

    // A POS batch: the reasons stay, the original cells are gone.
    await page.getByRole('button', { name: 'All uploads' }).click();
    await page.getByRole('table', { name: 'Uploads' }).getByRole('button', { name: /pos_2026-11-27\.csv/ }).click();
    await page.getByRole('heading', { name: 'pos_2026-11-27.csv' }).waitFor();
    expect(await page.locator('.purged-note').innerText()).toMatch(/^The original cells of this upload’s rejected and duplicate rows were removed on Sep 9, 2026/);
    await shootEverywhere(page, 'uploads-purged').then((problems) => expect(withProblems(problems)).toEqual({}));
    await page.context().close();
  });

  it('Timeline → a customer → Forget this customer, only once the id is typed again', async () => {
    const page = await openApp(app.browser, app.web.url);
    await page.getByRole('navigation').getByRole('button', { name: 'Timeline' }).click();
    const search = page.getByRole('combobox', { name: 'Find a customer' });
    await search.fill('M100001');
    await page.getByRole('option', { name: /M100001/ }).click();
    await page.getByRole('complementary', { name: 'Profile' }).getByText('林 志明').waitFor();

    await page.getByRole('button', { name: 'Forget this customer' }).click();
    const dialog = page.getByRole('dialog', { name: 'Forget M100001?' });
    await dialog.waitFor();
    const text = await dialog.innerText();
    expect(text).toContain('The customer asked to be forgotten. This removes from this computer:');
    expect(text).toContain('1 event');
    expect(text).toContain('their profile');
    expect(text).toContain('A later upload with M100001 is refused (“Erased customer”) until the erasure is lifted.');
    const confirm = dialog.getByRole('button', { name: 'Forget this customer' });
    expect(await confirm.isDisabled()).toBe(true);
    await dialog.getByLabel('Type M100001 to confirm').fill('M10000');
    expect(await confirm.isDisabled()).toBe(true);
    await dialog.getByLabel('Reason (optional; no personal data)').fill('request by phone, ticket 77');
    await shootEverywhere(page, 'timeline-forget').then((problems) => expect(withProblems(problems)).toEqual({}));
    await dialog.getByLabel('Type M100001 to confirm').fill('M100001');
    await confirm.click();
    await page.getByRole('status').filter({ hasText: 'M100001 was forgotten: 1 event and everything else Shopfloor held about them were removed.' }).waitFor();
    await page.getByText('Nothing is known about this ID.').waitFor();
    expect(await page.getByRole('button', { name: 'Forget this customer' }).count()).toBe(0);

    const log = await cliJson<{ erasures: Array<{ reason: string; counts: { events_removed: number } }> }>(['erasures', '--db', db]);
    expect(log.erasures).toEqual([expect.objectContaining({ reason: 'request by phone, ticket 77', counts: expect.objectContaining({ events_removed: 1 }) })]);
    await page.context().close();
  });
});
