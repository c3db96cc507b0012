import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { toDelimited } from '../fixtures/pos-csv.ts';
import { writeSimpleWorkbook } from '../fixtures/xlsx-fixtures.ts';
import { cli, cliJson } from '../helpers/run-cli.ts';
import { useTempDir } from '../helpers/temp-dir.ts';

const tempDir = useTempDir();

function membersSheet(file: string, columns: number): string {
  const header = ['Member ID', ...Array.from({ length: columns - 1 }, (_, index) => `Extra ${index + 1}`)];
  fs.writeFileSync(file, toDelimited([header, header.map((_, index) => (index === 0 ? 'M1' : String(index)))]));
  return file;
}

function attributeTypes(db: string): number {
  const connection = new Database(db, { readonly: true });
  try {
    return connection.prepare('SELECT count(*) FROM attribute_types').pluck().get() as number;
  } finally {
    connection.close();
  }
}

describe('what one import may add', () => {
  it('refuses a header of more than 1,000 columns with a short, clear error, before reading a row', async () => {
    const dir = tempDir();
    const db = path.join(dir, 'store.db');
    // 100,000 columns in under a megabyte.
    const file = path.join(dir, 'wide.csv');
    fs.writeFileSync(file, `${Array.from({ length: 100_000 }, (_, index) => `c${index}`).join(',')}\n${'1,'.repeat(99_999)}1\n`);
    for (const command of [['import', file, '--kind', 'members'], ['import', file]]) {
      const run = await cli([...command, '--db', db]);
      expect(run.code).toBe(1);
      expect(run.stderr).toBe('shopfloor: wide.csv, row 1: the header has 100,000 columns; an import reads at most 1,000 (is this the right file or sheet?)\n');
    }
    expect((await cliJson<{ batches: unknown[] }>(['batches', '--db', db])).batches).toEqual([]);
    expect(attributeTypes(db)).toBe(0);

    // The same in a workbook whose header reaches column XFD; trailing blank header cells do not count.
    const workbook = await writeSimpleWorkbook(path.join(dir, 'wide.xlsx'),
      '<row r="1"><c r="A1" t="inlineStr"><is><t>user_id</t></is></c><c r="XFD1" t="inlineStr"><is><t>far</t></is></c></row>');
    const sheet = await cli(['import', workbook, '--db', db]);
    expect(sheet.stderr).toBe('shopfloor: wide.xlsx, row 1: the header has 16,384 columns; an import reads at most 1,000 (is this the right file or sheet?)\n');
    const blankTail = membersSheet(path.join(dir, 'blank-tail.csv'), 3);
    fs.writeFileSync(blankTail, fs.readFileSync(blankTail, 'utf8').replace('\n', `${','.repeat(2_000)}\n`));
    expect(await cliJson(['import', blankTail, '--kind', 'members', '--db', db])).toMatchObject({ rows: 1, accepted: 1 });
  });

  it('refuses an import that would add more than 250 new attribute types, and takes one within the cap', async () => {
    const dir = tempDir();
    const db = path.join(dir, 'store.db');
    const many = await cli(['import', membersSheet(path.join(dir, 'many.csv'), 301), '--kind', 'members', '--db', db]);
    expect(many.code).toBe(1);
    expect(many.stderr).toBe('shopfloor: many.csv: the file would add 300 new custom attributes; one import may add at most 250 (map the columns you need and leave the rest out with --map name=)\n');
    expect(attributeTypes(db)).toBe(0);

    await cliJson(['import', membersSheet(path.join(dir, 'fine.csv'), 201), '--kind', 'members', '--db', db, '--commit']);
    expect(attributeTypes(db)).toBe(200);
    // Attributes the store already knows are not new.
    await cliJson(['import', membersSheet(path.join(dir, 'again.csv'), 301), '--kind', 'members', '--db', db, '--commit']);
    expect(attributeTypes(db)).toBe(300);
  });
});
