import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ShopfloorError } from '../../electron/core/errors.ts';
import { inspectFile } from '../../electron/core/import/inspect-file.ts';
import { openRowSource } from '../../electron/core/import/open-row-source.ts';
import { openSheetjsWorkbook } from '../../electron/core/import/sheetjs/open-sheetjs-workbook.ts';
import { openStore } from '../../electron/core/store/open-store.ts';
import { taiwanMembersSheet, workbookBuffer, writeStoreSheets, writeWorkbook, type LegacyCodepage, type SheetjsBookType } from '../fixtures/sheetjs-workbooks.ts';
import { cli, cliJson } from '../helpers/run-cli.ts';
import { useTempDir } from '../helpers/temp-dir.ts';

const tempDir = useTempDir();
const closers: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const close of closers.reverse()) await close();
});

interface ImportJson {
  format: string;
  sheet: string;
  sheets?: string[];
  rows: number;
  accepted: number;
  rejected: number;
  duplicates: number;
  [key: string]: unknown;
}

/** What an import of the store workbook saves and shows, with what differs by file (ids, names, times) left out. */
async function importStore(file: string, db: string) {
  const members = await cliJson<ImportJson>(['import', file, '--db', db, '--commit']);
  // The sheet named with another case, as a clerk would type it.
  const sales = await cliJson<ImportJson>(['import', file, '--sheet', '2026-11 pos', '--tz', 'Asia/Tokyo', '--db', db, '--commit']);
  const users = await cliJson<{ users: Array<Record<string, unknown>> }>(['users', '--db', db]);
  const timeline = await cliJson<{ events: Array<Record<string, unknown>> }>(['timeline', 'M100002', '--db', db]);
  const rejected = await cliJson<{ rows: Array<Record<string, unknown>> }>(['rejected', String(members.id), '--db', db]);
  const strip = ({ id: _id, file: _file, path: _path, format: _format, created_at: _c, committed_at: _m, ...rest }: ImportJson) => rest;
  return {
    formats: [members.format, sales.format],
    members: strip(members),
    sales: strip(sales),
    users: users.users.map(({ created_at: _c, updated_at: _u, ...user }) => user),
    events: timeline.events.map(({ ingested_at: _i, upload_lag_ms: _l, batch_id: _b, ...event }) => event),
    rejected: rejected.rows,
  };
}

const formats: Array<{ bookType: SheetjsBookType; format: string; codepage?: LegacyCodepage; label: string }> = [
  { bookType: 'xls', format: 'xls', label: 'Excel 97–2003 (.xls, BIFF8)' },
  { bookType: 'biff5', format: 'xls', codepage: 932, label: 'Excel 5/95 (.xls, BIFF5) in Shift_JIS' },
  { bookType: 'xlsb', format: 'xlsb', label: 'Excel binary (.xlsb)' },
  { bookType: 'ods', format: 'ods', label: 'OpenDocument (.ods)' },
];

describe('workbooks read through SheetJS', () => {
  it.each(formats)('$label: the held-out cases come out as from the same .xlsx, in both date systems', async ({ bookType, format, codepage }) => {
    for (const date1904 of [false, true]) {
      const dir = tempDir();
      const expected = await importStore(writeStoreSheets(dir, 'xlsx', { date1904 }), path.join(dir, 'xlsx.db'));
      const file = writeStoreSheets(dir, bookType, { date1904, ...(codepage ? { codepage } : {}) });
      const got = await importStore(file, path.join(dir, 'store.db'));
      expect(got.formats).toEqual([format, format]);
      expect(got).toEqual({ ...expected, formats: [format, format] });

      // And what that is: Japanese and Chinese text, real dates, the blank member ID and the footer
      // rejected, the line exported twice a duplicate.
      expect(got.members).toMatchObject({ kind: 'members', sheet: '会員', rows: 4, accepted: 2, rejected: 2, issues: { missing_user_id: 2, footer_row: 1 } });
      expect(got.sales).toMatchObject({ kind: 'pos', sheet: '2026-11 POS', rows: 4, accepted: 2, rejected: 1, duplicates: 1, status: 'committed' });
      expect(got.users).toEqual([
        expect.objectContaining({ user_id: 'M100001', name: '山田 花子', tier: 'VIP', joined_at: '2024-04-01', email_opt_in: true }),
        expect.objectContaining({ user_id: 'M100002', name: '陳 小明', tier: 'Gold', joined_at: '2025-01-15', email_opt_in: false }),
      ]);
      expect(got.events).toEqual([expect.objectContaining({
        occurred_at: '2026-11-27T09:05:00.000Z', occurred_local: '2026-11-27T18:05:00+09:00', is_offline: true,
        params: expect.objectContaining({ product_name: '烏龍茶', qty: 1, amount: -350, line_no: '1' }),
      })]);
    }
  });

  it('reads Big5 text from a Taiwanese Excel 95 file, and names the sheets when asked for one that is not there', async () => {
    const dir = tempDir();
    const db = path.join(dir, 'store.db');
    const file = writeWorkbook(path.join(dir, 'members-tw.xls'), [taiwanMembersSheet, { name: '備註', rows: [['說明']] }], 'biff5', { codepage: 950 });
    const result = await cliJson<ImportJson>(['import', file, '--db', db, '--commit']);
    expect(result).toMatchObject({ format: 'xls', kind: 'members', sheet: '會員名單', rows: 2, accepted: 2 });
    const users = await cliJson<{ users: Array<Record<string, unknown>> }>(['users', '--db', db]);
    expect(users.users).toEqual([
      expect.objectContaining({ user_id: 'T0001', name: '陳 小明', tier: 'Gold', joined_at: '2025-01-15' }),
      expect.objectContaining({ user_id: 'T0002', name: '林 美玲', tier: 'VIP', joined_at: '2025-03-08' }),
    ]);
    const missing = await cli(['import', file, '--sheet', 'Sheet9', '--db', db]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toBe('shopfloor: members-tw.xls: there is no sheet named "Sheet9"; the sheets are "會員名單", "備註"\n');
  });

  it('tells formats by their content, not their names, in inspect and import', async () => {
    const dir = tempDir();
    const db = path.join(dir, 'store.db');
    const store = openStore(db);
    closers.push(async () => { store.close(); });
    const cases: Array<[SheetjsBookType, string, string]> = [['xls', 'members.dat', 'xls'], ['xlsb', 'members.xlsx', 'xlsb'], ['ods', 'members.xls', 'ods'], ['xlsx', 'members.ods', 'xlsx']];
    for (const [bookType, name, format] of cases) {
      const file = path.join(dir, name);
      fs.writeFileSync(file, workbookBuffer([{ name: 'Members', rows: [['Member ID', 'Name'], ['M1', '山田']] }, { name: 'Notes', rows: [['x']] }], bookType));
      const inspected = await inspectFile(store, { path: file });
      expect(inspected).toMatchObject({ format, encoding: 'utf-8', sheets: ['Members', 'Notes'], sheet: 'Members', kind: 'members', headers: ['Member ID', 'Name'], samples: [['M1', '山田']] });
      expect(await cliJson<ImportJson>(['import', file, '--db', path.join(dir, `${name}.db`)])).toMatchObject({ format, rows: 1, accepted: 1 });
    }
    // Text saved under a workbook's name, as many registers do with tab-separated exports, is read as text.
    const text = path.join(dir, 'export.xls');
    fs.writeFileSync(text, 'Member ID\tName\tTier\nM1\tSato\tVIP\nM2\tIto\tGold\n');
    expect(await cliJson<ImportJson>(['import', text, '--db', db])).toMatchObject({ format: 'csv', delimiter: '\t', rows: 2, accepted: 2 });
  });

  it('reports progress as the rows of a sheet read whole are handed over', async () => {
    const dir = tempDir();
    const rows = [['Member ID', 'Name'], ...Array.from({ length: 5_000 }, (_, index) => [`M${index}`, `Member ${index}`])];
    const file = writeWorkbook(path.join(dir, 'members.xls'), [{ name: 'Members', rows }], 'xls');
    const source = await openRowSource(file, { displayName: 'members.xls' });
    const seen: number[] = [];
    for await (const _batch of source.rows()) seen.push(source.bytesRead());
    await source.close();
    expect(seen.length).toBeGreaterThan(2);
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
    expect(seen[0]).toBeGreaterThan(0);
    expect(seen.at(-1)).toBe(fs.statSync(file).size);
  });

  it('refuses a workbook above the size limit in one line that says what to do, before reading it', async () => {
    const dir = tempDir();
    const db = path.join(dir, 'store.db');
    const store = openStore(db);
    closers.push(async () => { store.close(); });
    // A real workbook padded past 50 MB: the padding is never read (and takes no disk: a sparse file).
    const file = path.join(dir, 'big.xls');
    fs.writeFileSync(file, workbookBuffer([{ name: 'S', rows: [['Member ID'], ['M1']] }], 'xls'));
    fs.truncateSync(file, 50 * 1024 * 1024 + 1);
    const message = 'big.xls: this Excel 97–2003 (.xls) workbook is 50 MB, and Shopfloor reads such workbooks up to 50 MB: open it in Excel or LibreOffice and save it as .xlsx or CSV';
    const run = await cli(['import', file, '--db', db]);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(`shopfloor: ${message}\n`);
    const inspected = await inspectFile(store, { path: file }).catch((error: unknown) => error);
    expect(inspected).toMatchObject({ code: 'workbook_too_large' });
    expect((inspected as ShopfloorError).describe()).toBe(message);

    // The limit is the reader's to set; a zipped workbook is measured as it is on disk.
    const ods = path.join(dir, 'members.ods');
    fs.writeFileSync(ods, workbookBuffer([{ name: 'S', rows: [['Member ID'], ['M1']] }], 'ods'));
    const small = await openSheetjsWorkbook(ods, 'ods', { displayName: 'members.ods', limits: { maxFileBytes: 1024 } }).catch((error: unknown) => error);
    expect((small as ShopfloorError).describe()).toMatch(/^members\.ods: this OpenDocument \(\.ods\) workbook is [\d.]+ KB, and Shopfloor reads such workbooks up to 1 KB: .* save it as \.xlsx or CSV$/);
    expect((await cliJson<{ batches: unknown[] }>(['batches', '--db', db])).batches).toEqual([]);
  });
});
