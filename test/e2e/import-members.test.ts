import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { shootEverywhere, withProblems } from '../fixtures/ui-snapshots.ts';
import { writeStoreWorkbook } from '../fixtures/xlsx-workbooks.ts';
import { useTempDir } from '../helpers/temp-dir.ts';
import { openApp, useHarness } from './support.ts';

const tempDir = useTempDir();

const app = useHarness(() => path.join(tempDir(), 'store.db'));

describe('importing a membership workbook in the browser', () => {
  it('detects members on the first sheet, follows a change of sheet, syncs, and finds a member by email', async () => {
    const dir = tempDir();
    // A long Japanese name, as a head office would send it.
    const file = path.join(dir, '会員名簿_2026年11月_全店舗まとめ_最終版_修正済み_本部提出用.xlsx');
    fs.renameSync(await writeStoreWorkbook(dir), file);
    const page = await openApp(app.browser, app.web.url);

    await page.getByLabel('Choose a file').setInputFiles(file);
    await page.getByRole('heading', { name: 'Columns' }).waitFor();
    const kind = page.getByLabel('Type of data');
    const sheet = page.getByLabel('Sheet');
    expect(await kind.inputValue()).toBe('members');
    expect(await sheet.inputValue()).toBe('会員');
    expect(await page.getByLabel('Text encoding').count()).toBe(0);
    expect(await page.getByLabel('Imported as, for column “会員ID”').inputValue()).toBe('target:user_id');
    expect(await page.getByLabel('Imported as, for column “メール”').inputValue()).toBe('target:email');

    // Another sheet is read again (on the reading thread, which a run from source starts slowly), and its kind detected again.
    await sheet.selectOption('2026-11 POS');
    await expect.poll(() => kind.inputValue(), { timeout: 20_000 }).toBe('pos');
    expect(await page.getByLabel('Imported as, for column “購入日時”').inputValue()).toBe('target:occurred_at');
    await sheet.selectOption('会員');
    await expect.poll(() => kind.inputValue(), { timeout: 20_000 }).toBe('members');

    await shootEverywhere(page, 'import-members-columns').then((problems) => expect(withProblems(problems)).toEqual({}));

    await page.getByRole('button', { name: 'Import and check' }).click();
    await page.getByRole('heading', { name: 'Check the result' }).waitFor();
    expect(await page.getByRole('button', { name: /^Missing user_id\s*1$/ }).count()).toBe(1);
    await page.getByRole('button', { name: 'Sync', exact: true }).click();
    await page.getByRole('status').filter({ hasText: 'Synced: 2 profiles updated.' }).waitFor();

    await page.getByRole('navigation').getByRole('button', { name: 'Timeline' }).click();
    await page.getByRole('combobox', { name: 'Find a customer' }).fill('hanako@example');
    await page.getByRole('option', { name: /M100001.*hanako@example\.jp/ }).click();
    const profile = page.getByRole('complementary', { name: 'Profile' });
    await profile.getByText('山田 花子').waitFor();
    const text = await profile.innerText();
    expect(text).toContain('hanako@example.jp');
    expect(text).toMatch(/Member tier\s+VIP/);
    expect(text).toMatch(/Email allowed\s+Yes/);
    await page.context().close();
  });
});
