import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { toDelimited, writeEncoded } from '../fixtures/pos-csv.ts';
import { shootEverywhere, withProblems } from '../fixtures/ui-snapshots.ts';
import { useTempDir } from '../helpers/temp-dir.ts';
import { openApp, useHarness } from './support.ts';

const tempDir = useTempDir();

const app = useHarness(() => path.join(tempDir(), 'store.db'));

describe('a file whose text encoding cannot be told', () => {
  it('asks for the encoding in the encoding field, naming the byte, and reads the file in the one chosen', async () => {
    const dir = tempDir();
    // Two Japanese names in Shift_JIS: four bytes, which read as Big5 just as well.
    const file = path.join(dir, 'members_tiny.csv');
    writeEncoded(file, toDelimited([['user_id', 'name'], ['M1', '山田'], ['M2', 'abc']], { newline: '\r\n' }), 'shift_jis');
    expect(fs.statSync(file).size).toBeLessThan(64);
    const page = await openApp(app.browser, app.web.url);

    await page.getByLabel('Choose a file').setInputFiles(file);
    const problem = page.getByRole('alert');
    await problem.getByText('The text encoding of this file cannot be told for sure: choose it below.').waitFor();
    expect(await problem.innerText()).toContain('members_tiny.csv: the text is not valid UTF-8 at byte 17');
    const encoding = page.getByLabel('Text encoding');
    expect(await encoding.inputValue()).toBe('');
    expect(await encoding.getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByRole('heading', { name: 'Columns' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Import and check' }).count()).toBe(0);

    await shootEverywhere(page, 'import-encoding-ask').then((problems) => expect(withProblems(problems)).toEqual({}));

    await encoding.selectOption('shift_jis');
    await page.getByRole('heading', { name: 'Columns' }).waitFor();
    expect(await page.getByLabel('Text encoding').inputValue()).toBe('shift_jis');
    expect(await page.getByRole('alert').count()).toBe(0);
    expect(await page.getByRole('row', { name: /name/ }).innerText()).toContain('山田');

    await page.getByRole('button', { name: 'Import and check' }).click();
    await page.getByRole('heading', { name: 'Check the result' }).waitFor();
    await page.getByRole('button', { name: 'Sync', exact: true }).click();
    await page.getByRole('status').filter({ hasText: 'Synced: 2 profiles updated.' }).waitFor();
    await page.context().close();
  });
});
