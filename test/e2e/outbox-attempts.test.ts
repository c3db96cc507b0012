import { afterAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { failedAt, seedFailedMessages } from '../fixtures/outbox-attempts-store.ts';
import { shootEverywhere } from '../fixtures/ui-snapshots.ts';
import type { JourneyScenario } from '../helpers/journey-scenario.ts';
import { startSmtpTestServer } from '../helpers/smtp-test-server.ts';
import { useTempDir } from '../helpers/temp-dir.ts';
import { openApp, useHarness } from './support.ts';

const tempDir = useTempDir();
let scenario: JourneyScenario;
let smtp: Awaited<ReturnType<typeof startSmtpTestServer>>;

const app = useHarness(async () => {
  smtp = await startSmtpTestServer();
  scenario = await seedFailedMessages(tempDir(), smtp);
  return scenario.db;
});

afterAll(async () => {
  await smtp?.close();
});

const text = async (locator: Locator) => (await locator.allInnerTexts()).map((item) => item.replace(/\s+/g, ' ').trim());

async function messageRows(page: Page): Promise<string[]> {
  const grid = page.getByRole('grid', { name: 'Messages' });
  await grid.waitFor();
  await expect.poll(async () => (await grid.getByRole('row').allInnerTexts()).every((row) => row.trim() !== '')).toBe(true);
  return (await text(grid.getByRole('row'))).slice(1);
}

async function openOutbox(page: Page): Promise<void> {
  await page.getByRole('navigation').getByRole('button', { name: 'Outbox' }).click();
  await page.getByRole('grid', { name: 'Messages' }).waitFor();
}

describe('outbox: attempts, retry, cancel, mark sent', () => {
  it('shows a refused email\'s attempts and error; Retry sends it on the next run', async () => {
    const page = await openApp(app.browser, app.web.url);
    await openOutbox(page);
    const status = page.getByRole('search').getByRole('combobox', { name: 'Status' });
    expect(await status.locator('option').allInnerTexts()).toEqual(['All statuses (2)', 'Scheduled (0)', 'Sent (0)', 'Skipped (0)', 'Cancelled (0)', 'Failed (1)', 'Unknown (1)']);
    expect(await messageRows(page)).toEqual([
      expect.stringMatching(/^Dec 1, 2026, 1:00\sAM U1 Email Send email · Thank you for visiting Failed .*550.*Mailbox unavailable.* 1 attempt$/),
      expect.stringMatching(/^Dec 1, 2026, 2:00\sAM U2 Email Send email · Thank you for visiting Unknown May or may not have been delivered: check with the provider 2 attempts$/),
    ]);

    const listShots = await shootEverywhere(page, 'outbox-failed');
    expect(Object.values(listShots).flat()).toEqual([]);

    await page.getByRole('button', { name: 'Attempts and details of the Email message to U1' }).click();
    const dialog = page.getByRole('dialog', { name: 'Email message to U1' });
    await dialog.waitFor();
    expect(await dialog.getByText('The provider refused this message.', { exact: false }).count()).toBe(1);
    await expect.poll(() => text(dialog.getByRole('table', { name: 'Send attempts' }).locator('tbody tr'))).toEqual([
      expect.stringMatching(/^1 Dec 1, 2026, 1:00\sAM Refused .*550.*Mailbox unavailable/),
    ]);
    expect(await dialog.getByRole('heading', { name: '1 send attempt' }).count()).toBe(1);
    expect(await text(dialog.getByRole('button'))).toEqual(['Retry', 'Cancel the message', 'Close']);
    const shots = await shootEverywhere(page, 'outbox-attempts');
    expect(Object.values(shots).flat()).toEqual([]);

    await dialog.getByRole('button', { name: 'Retry' }).click();
    await expect.poll(() => dialog.getByRole('status').innerText()).toBe('It will be sent again on the next run of the journeys.');
    await expect.poll(() => dialog.locator('.message-facts .message-status').innerText()).toMatch(/^Scheduled\s+Sent again by hand$/);
    expect(await dialog.getByRole('button', { name: 'Retry' }).count()).toBe(0);
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByRole('dialog').count()).toBe(0);

    // The scheduler is off in tests: the command line runs the engine on the same store.
    await scenario.tick(Math.max(Date.now(), failedAt) + 60_000);
    expect(smtp.mails.filter((mail) => mail.to.includes('u1@example.com'))).toHaveLength(1);
    await page.getByRole('button', { name: 'Refresh' }).click();
    // Found by customer, not by place: the retry goes out at the real time, which may sort after U2's message.
    await expect.poll(async () => (await messageRows(page)).find((row) => / U1 Email /.test(row))).toMatch(/ U1 Email .* Sent Sent again by hand 2 attempts$/);
    await page.getByRole('button', { name: 'Attempts and details of the Email message to U1' }).click();
    await expect.poll(() => text(page.getByRole('dialog').getByRole('table', { name: 'Send attempts' }).locator('tbody tr'))).toEqual([
      expect.stringMatching(/^1 .+ Refused .*550/),
      expect.stringMatching(/^2 .+ Accepted Accepted, provider ID .+$/),
    ]);
    await page.getByRole('dialog').getByRole('button', { name: 'Close' }).click();
    await page.context().close();
  });

  it('explains a message in doubt and marks it sent once the provider\'s records show it was delivered', async () => {
    const page = await openApp(app.browser, app.web.url);
    await openOutbox(page);
    await page.getByRole('search').getByRole('combobox', { name: 'Status' }).selectOption('unknown');
    await expect.poll(() => page.locator('.outbox-total').innerText()).toBe('1 message');
    await page.getByRole('button', { name: 'Attempts and details of the Email message to U2' }).click();
    const dialog = page.getByRole('dialog', { name: 'Email message to U2' });
    expect(await dialog.getByText('it may or may not have been delivered', { exact: false }).count()).toBe(1);
    await expect.poll(() => text(dialog.getByRole('table', { name: 'Send attempts' }).locator('tbody tr'))).toEqual([
      expect.stringMatching(/^1 .+ Temporary failure .*421/),
      expect.stringMatching(/^2 .+ No answer Shopfloor stopped during this attempt$/),
    ]);
    expect(await text(dialog.getByRole('button'))).toEqual(['Retry', 'Mark sent', 'Cancel the message', 'Close']);
    const shots = await shootEverywhere(page, 'outbox-unknown');
    expect(Object.values(shots).flat()).toEqual([]);

    await dialog.getByRole('button', { name: 'Mark sent' }).click();
    await expect.poll(() => dialog.getByRole('status').innerText()).toBe('The message is marked sent.');
    await expect.poll(() => dialog.locator('.message-facts .message-status').innerText()).toMatch(/^Sent\s+Delivery confirmed by hand$/);
    await dialog.getByRole('button', { name: 'Close' }).click();
    await page.getByRole('search').getByRole('combobox', { name: 'Status' }).selectOption('sent');
    await expect.poll(() => page.locator('.outbox-total').innerText()).toBe('2 messages');
    expect(smtp.mails.filter((mail) => mail.to.includes('u2@example.com'))).toHaveLength(0);
    await page.context().close();
  });
});
