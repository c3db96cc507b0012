import net from 'node:net';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Locator } from 'playwright-core';
import { openSettingsSection } from '../fixtures/settings-sections.ts';
import { writePosExport } from '../fixtures/watched-exports.ts';
import { scrollMainTo, shootEverywhere } from '../fixtures/ui-snapshots.ts';
import { cliJson } from '../helpers/run-cli.ts';
import { useTempDir } from '../helpers/temp-dir.ts';
import { startUpstreamTestServer } from '../helpers/upstream-test-server.ts';
import { openApp, useHarness } from './support.ts';

const tempDir = useTempDir();
let platform: Awaited<ReturnType<typeof startUpstreamTestServer>>;
let dir: string;
let db: string;

const app = useHarness(async () => {
  dir = tempDir();
  db = path.join(dir, 'store.db');
  await cliJson(['settings', '--zone', 'Asia/Tokyo', '--quiet-hours', 'off', '--db', db]);
  platform = await startUpstreamTestServer();
  return db;
});

afterAll(async () => {
  await platform?.close();
});

/** A day's POS export imported and committed from the command line, as a store's scheduled job does. */
async function commitPosBatch(name: string): Promise<void> {
  await cliJson(['import', writePosExport(dir, name, { missingEvery: 0, rows: 60 }), '--kind', 'pos', '--tz', 'Asia/Tokyo', '--commit', '--db', db]);
}

/** A port nothing listens on: the platform "cannot be reached". */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** The text of the error a control points to with aria-describedby. */
async function describedError(control: Locator): Promise<string> {
  expect(await control.getAttribute('aria-invalid')).toBe('true');
  const id = await control.getAttribute('aria-describedby');
  return control.page().locator(`[id="${id}"]`).innerText();
}

const rows = async (table: Locator) => (await table.locator('tbody tr').allInnerTexts()).map((text) => text.replace(/\s+/g, ' ').trim());

describe('settings: upstream sync', () => {
  it('sets up the platform, syncs committed batches, shows a refused job with the platform\'s message, retries it, and says when the platform is offline', async () => {
    const page = await openApp(app.browser, app.web.url);
    await openSettingsSection(page, 'Upstream sync');
    const connection = page.getByRole('region', { name: 'Platform' });
    const sync = page.getByRole('region', { name: 'Sync' });
    await connection.waitFor();
    expect(await sync.getByRole('button', { name: 'Sync now' }).isDisabled()).toBe(true);
    expect(await sync.locator('.last-sync').innerText()).toBe('Last successful sync: never');

    await connection.getByRole('button', { name: 'Save', exact: true }).click();
    expect(await connection.getByRole('alert').allInnerTexts()).toEqual([
      'Enter the platform\'s full address, starting with https://.', 'Enter the App ID.', 'Enter the API token.', '3 fields need attention: the settings were not saved.',
    ]);
    await connection.getByText('Paths and limits').click();
    expect(await connection.getByLabel('Purchases upload path').getAttribute('placeholder')).toBe('/v1/events/import');
    expect(await connection.getByLabel('Customers upload path').getAttribute('placeholder')).toBe('/v1/users/import');
    expect(await connection.getByLabel('Import status path').getAttribute('placeholder')).toBe('/v1/imports/{job_id}');

    await connection.getByLabel('Platform address (base URL)').fill(platform.url);
    await connection.getByLabel('App ID').fill('shibuya-app');
    await connection.getByLabel('API token').fill('tok-3f9a');
    await connection.getByRole('button', { name: 'Save', exact: true }).click();
    await expect.poll(() => connection.getByRole('status').filter({ hasText: 'Saved.' }).count()).toBe(1);
    expect(await connection.getByLabel('API token').inputValue()).toBe('');
    expect(await connection.getByLabel('API token').getAttribute('placeholder')).toBe('stored — leave empty to keep');
    expect(await page.evaluate(() => document.body.innerHTML)).not.toContain('tok-3f9a');

    await commitPosBatch('pos_2026-11-27.csv');
    await sync.getByRole('button', { name: 'Sync now' }).click();
    const jobs = sync.getByRole('table', { name: 'Upload jobs' });
    await expect.poll(() => rows(jobs)).toEqual([expect.stringMatching(/^#1 Purchases 1 60 Done [A-Z][a-z]{2} \d+, \d{4}, .+ 1$/)]);
    expect(await sync.getByRole('status').innerText()).toBe('Sent 1, done 1, retrying 0, failed 0.');
    expect(await sync.locator('.last-sync').innerText()).toMatch(/^Last successful sync: [A-Z][a-z]{2} \d+, \d{4}/);
    expect(platform.accepted.map((upload) => [upload.path, upload.rows.length, upload.headers.authorization, upload.headers.appid])).toEqual([['/v1/events/import', 60, 'Token tok-3f9a', 'shibuya-app']]);

    // The platform refuses the next file for good: the job stops with the platform's own message.
    await commitPosBatch('pos_2026-11-28.csv');
    platform.script('400');
    await sync.getByRole('button', { name: 'Sync now' }).click();
    await expect.poll(() => rows(jobs)).toEqual([
      expect.stringMatching(/^#1 Purchases 1 60 Done .+ 1$/),
      '#2 Purchases 1 60 Failed 1 HTTP 400: field name "Product Name" is not allowed Retry',
    ]);
    expect(await sync.getByRole('status').innerText()).toBe('Sent 1, done 0, retrying 0, failed 1.');

    const shots = await shootEverywhere(page, 'settings-upstream', (shot) => scrollMainTo(shot, '.settings'));
    expect(Object.values(shots).flat()).toEqual([]);
    const jobShots = await shootEverywhere(page, 'settings-upstream-jobs', (shot) => scrollMainTo(shot, '.upstream-grid > .panel + .panel'));
    expect(Object.values(jobShots).flat()).toEqual([]);

    await sync.getByRole('button', { name: 'Retry batch #2, part 1' }).click();
    await expect.poll(() => rows(jobs)).toEqual([expect.stringMatching(/^#1 Purchases 1 60 Done .+ 1$/), expect.stringMatching(/^#2 Purchases 1 60 Done .+ 2$/)]);
    expect(platform.accepted.map((upload) => upload.rows.length)).toEqual([60, 60]);

    // The platform cannot be reached: the upload waits in the queue, and the screen says so.
    // A new address needs the token typed again: the stored one only goes where it was entered for.
    await connection.getByLabel('Platform address (base URL)').fill(`http://127.0.0.1:${await closedPort()}`);
    expect(await connection.getByLabel('API token').getAttribute('placeholder')).toBe('enter it again for the new server');
    await connection.getByRole('button', { name: 'Save', exact: true }).click();
    expect(await describedError(connection.getByLabel('API token'))).toBe('The address changed: enter the API token again. A stored token is only sent to the platform it was entered for.');
    const againShots = await shootEverywhere(page, 'settings-upstream-token-again', (shot) => scrollMainTo(shot, '.settings'));
    expect(Object.values(againShots).flat()).toEqual([]);
    await connection.getByLabel('API token').fill('tok-3f9a');
    await connection.getByRole('button', { name: 'Save', exact: true }).click();
    await expect.poll(() => connection.getByRole('status').filter({ hasText: 'Saved.' }).count()).toBe(1);
    await commitPosBatch('pos_2026-11-29.csv');
    await sync.getByRole('button', { name: 'Sync now' }).click();
    await expect.poll(() => sync.getByRole('status').innerText()).toBe('The platform cannot be reached right now. The uploads wait in the queue and go out by themselves when the connection is back.');
    expect((await rows(jobs))[2]).toMatch(/^#3 Purchases 1 60 Waiting next try .+ 1 the platform cannot be reached \(ECONNREFUSED\)$/);
    await page.context().close();
  });
});
