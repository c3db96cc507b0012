import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { harnessClient } from '../fixtures/harness-client.ts';
import { writeMembersCsv, writeReviewPosCsv, writeTierChangeCsv } from '../fixtures/review-files.ts';
import { shootEverywhere, withProblems } from '../fixtures/ui-snapshots.ts';
import { cliJson } from '../helpers/run-cli.ts';
import { useTempDir } from '../helpers/temp-dir.ts';
import { startUpstreamTestServer } from '../helpers/upstream-test-server.ts';
import { openApp, screenshot, useHarness } from './support.ts';

const tempDir = useTempDir();
let upstream: Awaited<ReturnType<typeof startUpstreamTestServer>>;
let dir: string;
let db: string;

const app = useHarness(async () => {
  upstream = await startUpstreamTestServer();
  dir = tempDir();
  db = path.join(dir, 'store.db');
  return db;
});

beforeAll(async () => {
  const client = harnessClient(app.web.url);
  await client.importFile(writeReviewPosCsv(dir).file, { kind: 'pos', tz: 'Asia/Tokyo', commit: true });
  // Two members sheets: one adds two customers, the next changes one of them.
  await client.importFile(writeMembersCsv(dir), { kind: 'members', tz: 'Asia/Tokyo', commit: true });
  await client.importFile(writeTierChangeCsv(dir), { kind: 'members', tz: 'Asia/Tokyo', commit: true });
  const token = path.join(dir, 'token');
  fs.writeFileSync(token, 'tok', { mode: 0o600 });
  await cliJson(['sync', 'configure', '--base-url', upstream.url, '--app-id', 'shop', '--token-file', token, '--db', db]);
  await cliJson(['sync', 'upstream', '--db', db]);
});

afterAll(async () => {
  await upstream?.close();
});

describe('undoing an upload that already went upstream', () => {
  it('says the platform keeps it, and undoes it here only when the user agrees', async () => {
    expect(upstream.accepted.filter((upload) => upload.path.includes('events')).flatMap((upload) => upload.rows)).toHaveLength(6);
    const page = await openApp(app.browser, app.web.url);
    await page.getByRole('navigation').getByRole('button', { name: 'Uploads' }).click();
    await page.getByRole('table', { name: 'Uploads' }).getByRole('button', { name: /pos_2026-11-27\.csv/ }).click();
    await page.getByRole('button', { name: 'Undo…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Undo this upload?' });
    expect(await dialog.getByRole('alert').innerText()).toBe('This upload was already sent to the engagement platform, which cannot delete it: it will stay there. Undo it here only?');
    await screenshot(page, 'uploads-undo-upstream-en-1280x800');
    await dialog.getByRole('button', { name: 'Undo here only' }).click();
    await page.getByText('Undone. Events removed: 6').waitFor();
  });

  it('a members sheet: the profiles it changed are sent back as they were; customers it added stay upstream, so it asks first', async () => {
    const page = await openApp(app.browser, app.web.url);
    await page.getByRole('navigation').getByRole('button', { name: 'Uploads' }).click();
    const uploads = page.getByRole('table', { name: 'Uploads' });
    await uploads.getByRole('button', { name: /会員名簿/ }).click();
    await page.getByRole('button', { name: 'Undo…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Undo this upload?' });
    expect(await dialog.getByRole('alert').innerText()).toBe(
      'This upload was already sent to the engagement platform, which cannot delete the 2 customers it added: they will stay there (the profiles it changed are sent again as they were). Undo it here only?');
    await shootEverywhere(page, 'uploads-undo-members-upstream').then((problems) => expect(withProblems(problems)).toEqual({}));
    await dialog.getByRole('button', { name: 'Cancel' }).click();

    await page.getByRole('button', { name: 'All uploads' }).click();
    await uploads.getByRole('button', { name: /members_upgrade\.csv/ }).click();
    await page.getByRole('button', { name: 'Undo…' }).click();
    expect(await dialog.getByRole('alert').innerText()).toBe('This upload was already sent to the engagement platform: the customer profiles it changed will be sent there again as they were.');
    await dialog.getByRole('button', { name: 'Undo upload' }).click();
    await page.getByText('Undone. Events removed: 0 · Profiles restored: 1.').waitFor();
    const jobs = await cliJson<{ jobs: Array<{ kind: string; status: string }> }>(['sync', 'upstream', '--db', db]);
    expect(jobs.jobs.filter((job) => job.kind === 'delete_users').map((job) => job.status)).toEqual(['done']);
  });
});
