import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openSettingsSection } from '../fixtures/settings-sections.ts';
import { writeOnlineCsv, writeReviewPosCsv } from '../fixtures/review-files.ts';
import { scrollMainTo, shootEverywhere, withProblems } from '../fixtures/ui-snapshots.ts';
import { cli, cliJson } from '../helpers/run-cli.ts';
import { useTempDir } from '../helpers/temp-dir.ts';
import { openApp, useHarness } from './support.ts';

const tempDir = useTempDir();
let dir: string;
let db: string;

const app = useHarness(async () => {
  dir = tempDir();
  db = path.join(dir, 'store.db');
  await cliJson(['settings', '--zone', 'Asia/Tokyo', '--db', db]);
  await cliJson(['import', writeReviewPosCsv(dir).file, '--tz', 'Asia/Tokyo', '--commit', '--db', db]);
  fs.mkdirSync(path.join(dir, 'usb'));
  return db;
}, () => ({ folderDialog: path.join(dir, 'usb') }));

describe('Settings → Data', () => {
  it('backs up now, verifies, keeps what is set, and restores a backup after saying what it replaces and where the current data goes first', async () => {
    const page = await openApp(app.browser, app.web.url);
    await openSettingsSection(page, 'Data');
    const backups = page.getByRole('region', { name: 'Backups' });
    await backups.getByText('No backup yet.').waitFor();
    expect(await backups.locator('.folder-now').innerText()).toBe(`${path.join(dir, 'backups')} (beside the database)`);
    expect(await backups.getByText('No backups in this folder yet.').count()).toBe(1);

    await backups.getByRole('button', { name: 'Back up now' }).click();
    await backups.getByRole('status').filter({ hasText: /^Backed up: shopfloor-\d{8}T\d{9}Z-manual\.db \([\d.]+ (KB|MB)\)\.$/ }).waitFor();
    const table = backups.getByRole('table', { name: 'Backups in the folder' });
    await expect.poll(() => table.locator('tbody tr').count()).toBe(1);
    expect(await table.locator('tbody tr').first().innerText()).toMatch(/^[A-Z][a-z]{2} \d+, \d{4}, .+\tMade by hand\t[\d.]+ (KB|MB)\t/);
    expect(await backups.locator('.backup-state').innerText()).toMatch(/^Last backup: [A-Z][a-z]{2} \d+, \d{4}/);
    await table.getByRole('button', { name: /^Verify the backup of / }).click();
    await table.getByRole('status').filter({ hasText: 'OK: 6 events, 0 customers, 1 uploads' }).waitFor();

    const kept = page.getByRole('region', { name: 'What is kept' });
    await kept.getByLabel('Daily').fill('0');
    await kept.getByRole('button', { name: 'Save' }).click();
    expect(await kept.getByRole('alert').allInnerTexts()).toEqual(['Enter a whole number from 1 to 1000.']);
    await kept.getByLabel('Daily').fill('3');
    await kept.getByLabel('Keep for (days after sync)').fill('30');
    await kept.getByRole('button', { name: 'Save' }).click();
    await kept.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
    expect(await cliJson(['settings', '--db', db])).toMatchObject({ backup_keep: { daily: 3, weekly: 4 }, raw_retention: 'P30D' });

    await shootEverywhere(page, 'settings-data', (shot) => scrollMainTo(shot, '.settings')).then((problems) => expect(withProblems(problems)).toEqual({}));
    await shootEverywhere(page, 'settings-data-kept', (shot) => scrollMainTo(shot, '.keep-form')).then((problems) => expect(withProblems(problems)).toEqual({}));

    // More data arrives after the backup; restoring takes the store back to the backup.
    await cliJson(['import', writeOnlineCsv(dir), '--kind', 'online', '--commit', '--db', db]);
    await table.getByRole('button', { name: /^Restore the backup of / }).click();
    const dialog = page.getByRole('dialog', { name: 'Restore a backup' });
    await dialog.getByRole('button', { name: 'Back up and restore' }).waitFor();
    const question = await dialog.innerText();
    expect(question).toMatch(/Backup of [A-Z][a-z]{2} \d+, \d{4}, .+ \(Made by hand\)/);
    expect(question).toContain('It holds 6 events, 0 customers and 1 uploads.');
    expect(question).toContain('It replaces everything Shopfloor holds now: 9 events, 0 customers, 2 uploads and 0 messages.');
    expect(question).toContain(`First, the current data is backed up to ${path.join(dir, 'backups')}, so this can be undone.`);
    await shootEverywhere(page, 'settings-data-restore').then((problems) => expect(withProblems(problems)).toEqual({}));
    await dialog.getByRole('button', { name: 'Back up and restore' }).click();
    await backups.getByRole('status').filter({ hasText: /^Restored\. The data it replaced was saved as .+-pre-restore\.db\.$/ }).waitFor();
    await expect.poll(() => table.locator('tbody tr').count()).toBe(2);
    expect((await cliJson<{ batches: unknown[] }>(['batches', '--db', db])).batches).toHaveLength(1);

    // The folder comes from the folder dialog (in the harness its stand-in), which grants it.
    const usb = path.join(dir, 'usb');
    await backups.getByRole('button', { name: 'Choose folder…' }).click();
    await expect.poll(() => backups.locator('.folder-now').innerText()).toBe(usb);
    expect(await backups.getByText('No backups in this folder yet.').count()).toBe(1);
    await page.context().close();
  });

  it('a backup that failed (a drive not connected) shows above every screen and in Settings → Data', async () => {
    const usb = path.join(dir, 'usb-stick');
    fs.mkdirSync(usb);
    await cliJson(['settings', '--backup-folder', usb, '--db', db]);
    fs.rmdirSync(usb);
    expect((await cli(['backup', 'now', '--db', db])).code).toBe(1);

    const page = await openApp(app.browser, app.web.url);
    const notice = page.getByRole('region', { name: 'Backup problems' });
    await notice.getByText(`The backup failed: the backup folder ${usb} is missing — is the drive connected?`).waitFor();
    await shootEverywhere(page, 'backup-notice').then((problems) => expect(withProblems(problems)).toEqual({}));
    await notice.getByRole('button', { name: 'Open Settings → Data' }).click();
    const backups = page.getByRole('region', { name: 'Backups' });
    await backups.getByText('The backup folder is missing. Is the drive connected? No backup can be made until it is back.').waitFor();
    expect(await backups.locator('.backup-state').innerText()).toMatch(/^The last backup failed \(.+\): the backup folder .+usb-stick is missing — is the drive connected\?$/);
    expect(await backups.getByRole('button', { name: 'Back up now' }).isDisabled()).toBe(true);
    expect(await notice.count()).toBe(0);
    await page.context().close();
  });
});
