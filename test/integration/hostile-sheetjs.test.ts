import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openRowSource } from '../../electron/core/import/open-row-source.ts';
import { toDelimited, writeEncoded } from '../fixtures/pos-csv.ts';
import {
  writeHugeDimensionXls, writeHugeDimensionXlsb, writePrototypeKeysWorkbook, writeRepeatedCellsOds, writeSectorLoopXls,
  writeSharedTextBombXls, writeTruncatedWorkbook, writeWideCellsWorkbook, writeWideHeaderWorkbook,
} from '../fixtures/sheetjs-workbooks.ts';
import { cli, cliJson } from '../helpers/run-cli.ts';
import { useTempDir } from '../helpers/temp-dir.ts';

const tempDir = useTempDir();
const MiB = 1024 * 1024;

interface ImportJson {
  rows: number;
  accepted: number;
  rejected: number;
  duplicates: number;
  issues: Record<string, number>;
  ignored_columns: Array<{ header: string; reason: string }>;
}

/** A store with a committed member in it, to show that no hostile file takes anything away. */
async function storeWithMember(dir: string): Promise<string> {
  const db = path.join(dir, 'store.db');
  const good = path.join(dir, 'good.csv');
  writeEncoded(good, toDelimited([['Member ID', 'Email'], ['M1', 'a@example.com']]), 'utf-8');
  await cliJson(['import', good, '--db', db, '--commit']);
  return db;
}

async function expectUntouched(db: string): Promise<void> {
  const batches = await cliJson<{ batches: Array<{ status: string; file: string }> }>(['batches', '--db', db]);
  expect(batches.batches).toEqual([expect.objectContaining({ file: 'good.csv', status: 'committed' })]);
  expect((await cliJson<{ total: number }>(['users', '--attr', 'user_id=M1', '--db', db])).total).toBe(1);
}

/** One line naming the file, exit status 1. */
async function expectOneLineError(file: string, db: string, pattern: RegExp): Promise<void> {
  const run = await cli(['import', file, '--kind', 'members', '--db', db]);
  expect(run.code).toBe(1);
  expect(run.stderr.split('\n')).toEqual([expect.stringMatching(pattern), '']);
  expect(run.stderr).toMatch(new RegExp(`^shopfloor: ${path.basename(file).replace('.', '\\.')}`));
}

describe('crafted .xls, .xlsb and .ods files', () => {
  it.each(['xls', 'xlsb', 'ods'] as const)('%s: prototype keys in sheet names, cells and custom properties end in rows or a clear error, never a polluted prototype', async (bookType) => {
    const dir = tempDir();
    const db = await storeWithMember(dir);
    const file = writePrototypeKeysWorkbook(dir, bookType);
    const before = Object.getOwnPropertyNames(Object.prototype).sort();

    // The first sheet is named "__proto__", which SheetJS cannot file under that name.
    await expectOneLineError(file, db, /sheet "__proto__" cannot be read \(.*rename it, or choose another sheet\)$/);
    const result = await cliJson<ImportJson>(['import', file, '--sheet', 'constructor', '--kind', 'members', '--map', 'user_id=__proto__', '--db', db]);
    expect(result).toMatchObject({ rows: 6, accepted: 6 });
    await cliJson(['commit', '--all', '--db', db]);
    expect((await cliJson<{ user: Record<string, unknown> }>(['timeline', 'constructor', '--db', db])).user).toMatchObject({ user_id: 'constructor' });

    // Read on this thread too, so that a polluted prototype would show here.
    for (const sheet of ['constructor', 'Fine']) {
      const source = await openRowSource(file, { sheet, displayName: path.basename(file) });
      for await (const batch of source.rows()) expect(batch.length).toBeGreaterThan(0);
      await source.close();
    }
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(before);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('reads a sheet whose declared dimension is the whole grid for the rows it has', async () => {
    const dir = tempDir();
    const db = path.join(dir, 'store.db');
    for (const file of [writeHugeDimensionXls(dir), writeHugeDimensionXlsb(dir)]) {
      expect(await cliJson<ImportJson>(['import', file, '--db', db])).toMatchObject({ rows: 2, accepted: 2, ignored_columns: [] });
    }
    expect(fs.statSync(db).size).toBeLessThan(2 * MiB);
  });

  it('refuses an .ods repeating one cell over the grid before SheetJS expands it', async () => {
    const dir = tempDir();
    const db = await storeWithMember(dir);
    const file = writeRepeatedCellsOds(dir);
    expect(fs.statSync(file).size).toBeLessThan(64 * 1024);
    await expectOneLineError(file, db, /: the workbook's repeated rows and cells make more than 2,000,000 filled cells \(the limit, maxCells\), .*save it as \.xlsx or CSV$/);
    await expectUntouched(db);
    // Repeats within the limit are read as written.
    const fine = writeRepeatedCellsOds(tempDir(), { rows: 3, columns: 2 });
    expect(await cliJson<ImportJson>(['import', fine, '--kind', 'members', '--db', path.join(dir, 'fine.db')])).toMatchObject({ rows: 5, accepted: 5 });
  });

  it('ends a compound file whose sector chain loops, and workbooks cut short, in one line', async () => {
    const dir = tempDir();
    const db = await storeWithMember(dir);
    await expectOneLineError(writeSectorLoopXls(dir), db, /: (sheet "Members" cannot be read \(it is damaged|the Excel 97–2003 \(\.xls\) workbook is damaged or cannot be read \()/);
    await expectOneLineError(writeTruncatedWorkbook(dir, 'xls'), db, /: the Excel 97–2003 \(\.xls\) workbook is damaged or cannot be read \(it may be cut short\)$/);
    for (const bookType of ['xlsb', 'ods'] as const) {
      await expectOneLineError(writeTruncatedWorkbook(dir, bookType), db, /: this is not a workbook Shopfloor can read \(.*\); it may be damaged, cut short or another kind of file$/);
    }
    await expectUntouched(db);
  });

  it('stops an .xls whose cells repeat a long shared text, as for .xlsx', async () => {
    const dir = tempDir();
    const db = await storeWithMember(dir);
    // 12,000 references to one 3,000-character text: 36 million characters from a small file.
    const file = writeSharedTextBombXls(dir, { rows: 2_000, columns: 7, chars: 3_000 });
    expect(fs.statSync(file).size).toBeLessThan(512 * 1024);
    await expectOneLineError(file, db, /, row \d+: sheet "Members" expands to more text than its size allows: [\d,]+ characters from a [\d.]+ KB file/);
    await expectUntouched(db);
  });

  it.each(['xlsb', 'ods'] as const)('%s: reads no cell right of the header, refuses a header past 1,000 columns, and rejects an over-long cell', async (bookType) => {
    const dir = tempDir();
    const db = path.join(dir, 'store.db');
    const wide = writeWideCellsWorkbook(dir, bookType, { rows: 200, farColumn: 16_383, longCell: 100_000 });
    const result = await cliJson<ImportJson>(['import', wide, '--kind', 'members', '--db', db]);
    expect(result).toMatchObject({ rows: 200, accepted: 199, rejected: 1, issues: { cell_too_large: 1 } });
    expect(result.ignored_columns).toEqual([{ header: 'D:XFD', reason: '200 cells right of the last header, in 200 rows, were not read' }]);
    expect(fs.statSync(db).size).toBeLessThan(4 * MiB);

    const header = await cli(['import', writeWideHeaderWorkbook(dir, bookType, 2_000), '--db', db]);
    expect(header.stderr).toBe(`shopfloor: wide-header.${bookType}, row 1: the header has 2,000 columns; an import reads at most 1,000 (is this the right file or sheet?)\n`);
  });
});
