import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { shootEverywhere, withProblems } from '../fixtures/ui-snapshots.ts';
import { writeStoreSheets, writeTruncatedWorkbook } from '../fixtures/sheetjs-workbooks.ts';
import { useTempDir } from '../helpers/temp-dir.ts';
import { openApp, useHarness } from './support.ts';

const tempDir = useTempDir();

const app = useHarness(() => path.join(tempDir(), 'store.db'));

describe('importing an old Excel file in the browser', () => {
  it('reads a Japanese Excel 95 workbook like an .xlsx: sheets, members detected, rejected rows counted, synced', async () => {
    const dir = tempDir();
    const file = writeStoreSheets(dir, 'biff5', { codepage: 932, name: '会員名簿_2026年11月' });
    const page = await openApp(app.browser, app.web.url);

    await page.getByLabel('Choose a file').setInputFiles(file);
    await page.getByRole('heading', { name: 'Columns' }).waitFor();
    const kind = page.getByLabel('Type of data');
    const sheet = page.getByLabel('Sheet');
    expect(await kind.inputValue()).toBe('members');
    expect(await sheet.inputValue()).toBe('会員');
    expect(await sheet.locator('option').allInnerTexts()).toEqual(['会員', '2026-11 POS']);
    expect(await page.getByLabel('Text encoding').count()).toBe(0);
    expect(await page.getByLabel('Imported as, for column “会員ID”').inputValue()).toBe('target:user_id');
    expect(await page.getByLabel('Imported as, for column “入会日”').inputValue()).toBe('target:joined_at');

    // The other sheet is read again on the reading thread, and its kind detected again.
    await sheet.selectOption('2026-11 POS');
    await expect.poll(() => kind.inputValue(), { timeout: 20_000 }).toBe('pos');
    await sheet.selectOption('会員');
    await expect.poll(() => kind.inputValue(), { timeout: 20_000 }).toBe('members');
    await shootEverywhere(page, 'import-xls-columns').then((problems) => expect(withProblems(problems)).toEqual({}));

    await page.getByRole('button', { name: 'Import and check' }).click();
    await page.getByRole('heading', { name: 'Check the result' }).waitFor();
    expect(await page.getByRole('button', { name: /^Missing user_id\s*2$/ }).count()).toBe(1);
    await page.getByRole('button', { name: 'Sync', exact: true }).click();
    await page.getByRole('status').filter({ hasText: 'Synced: 2 profiles updated.' }).waitFor();

    await page.getByRole('navigation').getByRole('button', { name: 'Timeline' }).click();
    await page.getByRole('combobox', { name: 'Find a customer' }).fill('M100001');
    await page.getByRole('option', { name: /M100001/ }).click();
    const profile = page.getByRole('complementary', { name: 'Profile' });
    await profile.getByText('山田 花子').waitFor();
    expect(await profile.innerText()).toMatch(/Member tier\s+VIP/);
    await page.context().close();
  });

  it('says in the screen\'s language that a damaged .xls cannot be read, with the file named below', async () => {
    const file = writeTruncatedWorkbook(tempDir(), 'xls');
    const page = await openApp(app.browser, app.web.url);
    await page.getByLabel('Choose a file').setInputFiles(file);
    const problem = page.getByRole('alert');
    await problem.getByText('truncated.xls: the Excel 97–2003 (.xls) workbook is damaged or cannot be read (it may be cut short)').waitFor();
    await shootEverywhere(page, 'import-xls-damaged').then((problems) => expect(withProblems(problems)).toEqual({}));
    await page.context().close();
  });
});
