import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../helpers/temp-dir.ts';
import { findOverflow, openApp, screenshot, useHarness } from './support.ts';

const tempDir = useTempDir();

const app = useHarness(() => path.join(tempDir(), 'store.db'));

describe('the app shell in the browser harness', () => {
  it('names its navigation in English, follows the OS locale, and switches language', async () => {
    const page = await openApp(app.browser, app.web.url);
    const nav = page.getByRole('navigation');
    for (const name of ['Import', 'Uploads', 'Timeline', 'Journeys', 'Outbox', 'Settings']) {
      expect(await nav.getByRole('button', { name, exact: true }).count(), name).toBe(1);
    }
    await nav.getByRole('button', { name: 'Settings' }).click();
    expect(await page.getByRole('heading', { level: 2 }).innerText()).toBe('Settings');
    await page.getByLabel('Language').selectOption('ja');
    expect(await nav.getByRole('button', { name: '設定' }).getAttribute('aria-current')).toBe('page');
    expect(await findOverflow(page)).toEqual([]);
    await screenshot(page, 'shell-ja');
    await page.context().close();

    // A fresh window now starts in the language chosen, whatever the browser says.
    const again = await openApp(app.browser, app.web.url, { locale: 'en-US' });
    expect(await again.getByRole('navigation').getByRole('button', { name: '取り込み' }).count()).toBe(1);
    await again.getByLabel('言語').selectOption('en');
    await again.context().close();
  });
});
