import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ShopfloorError } from '../../electron/core/errors.ts';
import type { RowSource, SourceRow } from '../../electron/core/import/source-row.ts';
import { excelSerialToText } from '../../electron/core/import/xlsx/excel-date.ts';
import { classifyBuiltinFormat, classifyFormatCode } from '../../electron/core/import/xlsx/number-format.ts';
import { TRUNCATION_MARKER, defaultXlsxLimits, openXlsx } from '../../electron/core/import/xlsx/open-xlsx.ts';
import { resolvePartName } from '../../electron/core/import/xlsx/part-name.ts';
import {
  PROTOTYPE_KEYS,
  excelJsMembersRows,
  excelJsSalesRows,
  makeTempDir,
  removeTempDir,
  sharedStringsXml,
  stylesXml,
  writeCraftedWorkbook,
  writeDate1904Workbook,
  writeEscapingRelsWorkbook,
  writeExcelJsStreamedWorkbook,
  writeExcelJsWorkbook,
  writeHugeCellWorkbook,
  writeLegacyXls,
  writeLongSheetWorkbook,
  writeLyingSizeWorkbook,
  writeManySharedStringsWorkbook,
  writeNotAZip,
  writePhoneticWorkbook,
  writePrototypePollutionWorkbook,
  writeSimpleWorkbook,
  writeZipBombWorkbook,
  writeZipWithoutWorkbook,
} from '../fixtures/xlsx-fixtures.ts';

let dir: string;

beforeAll(() => {
  dir = makeTempDir();
});

afterAll(() => {
  removeTempDir(dir);
});

async function readAll(source: RowSource): Promise<SourceRow[]> {
  const rows: SourceRow[] = [];
  for await (const batch of source.rows()) rows.push(...batch);
  return rows;
}

async function readFile(file: string, options?: Parameters<typeof openXlsx>[1]): Promise<{ source: RowSource; rows: SourceRow[] }> {
  const source = await openXlsx(file, options);
  try {
    return { source, rows: await readAll(source) };
  } finally {
    await source.close();
  }
}

function cellsOf(rows: SourceRow[]): string[][] {
  return rows.map((row) => row.cells);
}

/** Runs `action` and returns the ShopfloorError it must throw. */
async function failure(action: () => Promise<unknown>): Promise<ShopfloorError> {
  try {
    await action();
  } catch (error) {
    expect(error).toBeInstanceOf(ShopfloorError);
    return error as ShopfloorError;
  }
  throw new Error('expected a ShopfloorError, but nothing was thrown');
}

async function openAndRead(file: string, options?: Parameters<typeof openXlsx>[1]): Promise<void> {
  await readFile(file, options);
}

function openDescriptorsOf(file: string): string[] {
  const fdDir = '/proc/self/fd';
  if (!fs.existsSync(fdDir)) return [];
  const target = fs.realpathSync(file);
  return fs.readdirSync(fdDir).filter((fd) => {
    try {
      return fs.readlinkSync(path.join(fdDir, fd)) === target;
    } catch {
      return false;
    }
  });
}

describe('openXlsx on workbooks written by ExcelJS', () => {
  it('reads the shared-strings workbook: text, UTC-based dates as local text, numbers, booleans, gaps', async () => {
    const file = await writeExcelJsWorkbook(dir);
    const { source, rows } = await readFile(file);
    expect(source.info).toEqual({ format: 'xlsx', encoding: 'utf-8', sheet: 'Sales', sheets: ['Sales', 'Members'] });
    expect(rows.map((row) => row.rowNo)).toEqual([1, 2, 3, 4]);
    // ExcelJS leaves a null cell out and writes nothing after a trailing null.
    expect(cellsOf(rows)).toEqual(excelJsSalesRows.map((row, i) => (i === 3 ? row.slice(0, 6) : row)));
    expect(source.bytesRead()).toBeGreaterThan(0);
    expect(source.bytesRead()).toBeLessThanOrEqual(fs.statSync(file).size);
  });

  it('picks the second sheet by exact and by case-insensitive name', async () => {
    const file = await writeExcelJsWorkbook(dir);
    const exact = await readFile(file, { sheet: 'Members' });
    expect(exact.source.info.sheet).toBe('Members');
    expect(cellsOf(exact.rows)).toEqual(excelJsMembersRows);
    const loose = await readFile(file, { sheet: 'members' });
    expect(loose.source.info.sheet).toBe('Members');
  });

  it('reads the streamed workbook without shared strings (ExcelJS writes t="str" cells)', async () => {
    const file = await writeExcelJsStreamedWorkbook(dir);
    const { source, rows } = await readFile(file);
    expect(source.info.sheets).toEqual(['Sales', 'Members']);
    expect(cellsOf(rows)).toEqual(excelJsSalesRows.map((row, i) => (i === 3 ? row.slice(0, 6) : row)));
    expect(cellsOf((await readFile(file, { sheet: 'Members' })).rows)).toEqual(excelJsMembersRows);
  });

  it('names the available sheets when the requested one does not exist', async () => {
    const file = await writeExcelJsWorkbook(dir);
    const error = await failure(() => openXlsx(file, { sheet: 'Stock', displayName: 'pos-export.xlsx' }));
    expect(error.code).toBe('xlsx_sheet_not_found');
    expect(error.location?.file).toBe('pos-export.xlsx');
    expect(error.message).toContain('"Sales", "Members"');
    expect(error.describe()).toMatch(/^pos-export\.xlsx: there is no sheet named "Stock"/);
    expect(error.message).not.toContain('\n');
  });
});

describe('openXlsx cell semantics', () => {
  it('places cells by reference, continues cells without one, keeps gaps and row numbers, invents no rows', async () => {
    const rows =
      '<row r="2"><c r="B2"><v>1</v></c><c><v>2</v></c><c r="E2" t="inlineStr"><is><t>e</t></is></c><c r="G2"><v>7</v></c></row>' +
      '<row><c><v>3</v></c></row>' +
      '<row r="10"><c r="A10" t="e"><v>#N/A</v></c><c r="B10" t="b"><v>0</v></c><c r="C10" t="d"><v>2026-11-27T13:45:00</v></c>' +
      '<c r="D10"><v>1.2E-3</v></c><c r="E10" t="n"><v>-0</v></c><c r="F10"/><c r="G10"><f>SUM(A1)</f><v>1280</v></c></row>' +
      '<row r="11"/>';
    const file = await writeSimpleWorkbook(path.join(dir, 'semantics.xlsx'), rows);
    const result = await readFile(file);
    expect(result.rows).toEqual([
      { rowNo: 2, cells: ['', '1', '2', '', 'e', '', '7'] },
      { rowNo: 3, cells: ['3'] },
      { rowNo: 10, cells: ['#N/A', 'false', '2026-11-27T13:45:00', '0.0012', '0', '', '1280'] },
      { rowNo: 11, cells: [] },
    ]);
  });

  it('converts date serials by style: built-in and custom formats, time rounding, the 1900 leap-year bug', async () => {
    const styles = stylesXml([0, 14, 22, 164, 165, 166, 167, 46], [
      [164, 'yyyy/mm/dd hh:mm'],
      [165, '[h]:mm'],
      [166, '[$-411]ggge"年"m"月"d"日"'],
      [167, '0.00E+00'],
    ]);
    const rows =
      '<row r="1"><c r="A1" s="1"><v>46353</v></c><c r="B1" s="2"><v>46353.572916666664</v></c>' +
      '<c r="C1" s="3"><v>46353.57291666667</v></c><c r="D1" s="4"><v>1.5</v></c><c r="E1" s="5"><v>46353</v></c>' +
      '<c r="F1" s="6"><v>46353</v></c><c r="G1" s="7"><v>1.5</v></c><c r="H1" s="1"><v>-1</v></c><c r="I1" s="99"><v>46353</v></c></row>' +
      '<row r="2"><c r="A2" s="1"><v>59</v></c><c r="B2" s="1"><v>60</v></c><c r="C2" s="1"><v>61</v></c><c r="D2" s="1"><v>1</v></c>' +
      '<c r="E2" s="2"><v>46353.00000578704</v></c><c r="F2" s="2"><v>46353.999999999</v></c></row>';
    const file = await writeSimpleWorkbook(path.join(dir, 'dates.xlsx'), rows, { styles });
    const result = await readFile(file);
    expect(cellsOf(result.rows)).toEqual([
      ['2026-11-27', '2026-11-27T13:45:00', '2026-11-27T13:45:00', '1.5', '2026-11-27', '46353', '1.5', '-1', '46353'],
      ['1900-02-28', '1900-02-29', '1900-03-01', '1900-01-01', '2026-11-27T00:00:00.500', '2026-11-28T00:00:00'],
    ]);
  });

  it('reads the 1904 date system', async () => {
    const { rows } = await readFile(await writeDate1904Workbook(dir));
    expect(cellsOf(rows)).toEqual([['2026-11-27T13:45:00', '2026-11-27', '1904-01-01']]);
  });

  it('ignores phonetic guides (rPh) and joins rich-text runs; decodes _xHHHH_ escapes', async () => {
    const { rows } = await readFile(await writePhoneticWorkbook(dir));
    expect(cellsOf(rows)).toEqual([['東京', '抹茶ラテ', '佐藤', 'line\rbreak & _x000D_'], ['烏龍茶']]);
  });

  it('truncates a 100,000-character cell to maxCellChars and marks it', async () => {
    const { rows } = await readFile(await writeHugeCellWorkbook(dir, 100_000));
    const expected = '抹'.repeat(defaultXlsxLimits.maxCellChars) + TRUNCATION_MARKER;
    expect(rows[0]?.cells).toEqual([expected, expected, expected, '1']);
    const small = await readFile(await writeHugeCellWorkbook(dir, 100_000), { limits: { maxCellChars: 10 } });
    expect(small.rows[0]?.cells[0]).toBe(`${'抹'.repeat(10)}${TRUNCATION_MARKER}`);
  });

  it('decodes multi-byte characters split across chunks, in batches of at most 2,000 rows', async () => {
    for (const compress of [true, false]) {
      const file = await writeLongSheetWorkbook(dir, 5_000, { compress });
      const source = await openXlsx(file);
      const sizes: number[] = [];
      const rows: SourceRow[] = [];
      let previousBytes = 0;
      for await (const batch of source.rows()) {
        sizes.push(batch.length);
        rows.push(...batch);
        expect(source.bytesRead()).toBeGreaterThanOrEqual(previousBytes);
        previousBytes = source.bytesRead();
      }
      await source.close();
      expect(Math.max(...sizes)).toBeLessThanOrEqual(2_000);
      expect(sizes.length).toBeGreaterThan(1);
      expect(rows).toHaveLength(5_000);
      rows.forEach((row, i) => {
        expect(row).toEqual({ rowNo: i + 1, cells: [String(i + 1), `é抹茶ラテ🍵${i + 1}`] });
      });
      expect(source.bytesRead()).toBeLessThanOrEqual(fs.statSync(file).size);
    }
  });
});

describe('openXlsx on hostile files', () => {
  it('does not pollute prototypes with __proto__ / constructor / prototype anywhere in the file', async () => {
    const before = Object.getOwnPropertyNames(Object.prototype).sort();
    const arrayBefore = Object.getOwnPropertyNames(Array.prototype).sort();
    const file = await writePrototypePollutionWorkbook(dir);
    const { source, rows } = await readFile(file);
    expect(source.info.sheets).toEqual(['__proto__', 'constructor', 'prototype']);
    expect(source.info.sheet).toBe('__proto__');
    expect(cellsOf(rows)).toEqual([[...PROTOTYPE_KEYS], [...PROTOTYPE_KEYS], ['constructor', '7', '45000']]);
    for (const name of ['constructor', 'prototype']) {
      const other = await readFile(file, { sheet: name });
      expect(other.source.info.sheet).toBe(name);
      expect(other.rows[0]?.cells).toEqual([name]);
    }
    const missing = await failure(() => openXlsx(file, { sheet: 'toString' }));
    expect(missing.code).toBe('xlsx_sheet_not_found');
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(before);
    expect(Object.getOwnPropertyNames(Array.prototype).sort()).toEqual(arrayBefore);
    expect(Object.getPrototypeOf({})).toBe(Object.prototype);
  });

  it('never trusts a declared shared-string count and stops past maxSharedStrings', async () => {
    const file = await writeManySharedStringsWorkbook(dir, 1_000);
    const { rows } = await readFile(file);
    expect(rows[0]?.cells).toEqual(['item 0']);
    const error = await failure(() => openXlsx(file, { limits: { maxSharedStrings: 100 }, displayName: 'members.xlsx' }));
    expect(error.code).toBe('xlsx_too_large');
    expect(error.location?.file).toBe('members.xlsx');
    expect(error.message).toContain('xl/sharedStrings.xml');
    expect(error.message).toContain('100');
  });

  it('refuses a zip bomb before unpacking it', async () => {
    const file = await writeZipBombWorkbook(dir, 64);
    const started = Date.now();
    const error = await failure(() => openXlsx(file, { displayName: 'bomb.xlsx' }));
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(error.code).toBe('xlsx_zip_bomb');
    expect(error.describe()).toMatch(/^bomb\.xlsx: /);
    expect(error.message).toContain('sheet "Bomb"');
    expect(error.message).toContain('200');
  });

  it('refuses parts larger than their limits, naming the part and the limit', async () => {
    const long = await writeLongSheetWorkbook(dir, 2_000);
    const sheet = await failure(() => openXlsx(long, { limits: { maxEntryBytes: 10_000 } }));
    expect(sheet.code).toBe('xlsx_too_large');
    expect(sheet.message).toContain('sheet "Long"');
    expect(sheet.message).toContain('maxEntryBytes');
    const part = await failure(() => openXlsx(long, { limits: { maxPartBytes: 100 } }));
    expect(part.code).toBe('xlsx_too_large');
    expect(part.message).toContain('maxPartBytes');
  });

  it('does not trust declared sizes: a sheet larger than its zip directory claims is stopped while unpacking', async () => {
    const file = await writeLyingSizeWorkbook(dir, 1_000);
    const error = await failure(() => openAndRead(file, { displayName: 'lying.xlsx' }));
    expect(error.code).toBe('xlsx_malformed');
    expect(error.location?.file).toBe('lying.xlsx');
  });

  it('refuses relationships that lead outside the package, but still reads the sound sheet', async () => {
    const file = await writeEscapingRelsWorkbook(dir);
    for (const sheet of ['Passwd', 'Absolute', 'External', 'Url']) {
      const error = await failure(() => openXlsx(file, { sheet }));
      expect(error.code).toBe('xlsx_malformed');
      expect(error.message).toContain(`sheet "${sheet}"`);
    }
    const fine = await readFile(file, { sheet: 'Fine' });
    expect(fine.source.info.sheets).toEqual(['Passwd', 'Absolute', 'External', 'Url', 'Fine']);
    expect(fine.rows[0]?.cells).toEqual(['ok']);
  });

  it('says clearly when the file is not a workbook', async () => {
    const csv = await failure(() => openXlsx(writeNotAZip(dir)));
    expect(csv.code).toBe('xlsx_not_a_workbook');
    expect(csv.location?.file).toMatch(/sales\.xlsx$/);
    const xls = await failure(() => openXlsx(writeLegacyXls(dir), { displayName: 'old.xlsx' }));
    expect(xls.code).toBe('xlsx_not_a_workbook');
    expect(xls.message).toContain('.xls');
    const zip = await failure(async () => openXlsx(await writeZipWithoutWorkbook(dir)));
    expect(zip.code).toBe('xlsx_not_a_workbook');
    const missing = await failure(() => openXlsx(path.join(dir, 'nope.xlsx')));
    expect(missing.code).toBe('xlsx_not_a_workbook');
  });

  it('reports XML damage with the row number', async () => {
    const file = await writeSimpleWorkbook(
      path.join(dir, 'broken.xml.xlsx'),
      '<row r="1"><c r="A1"><v>1</v></c></row><row r="2"><c r="A2"><v>2</v></row>',
    );
    const error = await failure(() => openAndRead(file, { displayName: 'broken.xlsx' }));
    expect(error.code).toBe('xlsx_malformed');
    expect(error.location).toEqual({ file: 'broken.xlsx', row: 2 });
    expect(error.describe()).toMatch(/^broken\.xlsx, row 2: sheet "Sheet1" is damaged/);
  });

  it('refuses cells past column XFD, rows past 1,048,576 and shared-string indexes out of range', async () => {
    const cases: [string, string, number][] = [
      ['column', '<row r="7"><c r="XFE7"><v>1</v></c></row>', 7],
      ['row', '<row r="1048577"><c r="A1048577"><v>1</v></c></row>', 1_048_577],
      ['string', '<row r="3"><c r="A3" t="s"><v>5</v></c></row>', 3],
    ];
    for (const [name, rows, row] of cases) {
      const file = await writeSimpleWorkbook(path.join(dir, `refuse-${name}.xlsx`), rows, {
        sharedStrings: sharedStringsXml(['only']),
      });
      const error = await failure(() => openAndRead(file));
      expect(error.code).toBe('xlsx_malformed');
      expect(error.location?.row).toBe(row);
    }
    const lastColumn = await writeSimpleWorkbook(path.join(dir, 'xfd.xlsx'), '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>');
    const { rows } = await readFile(lastColumn);
    expect(rows[0]?.rowNo).toBe(1_048_576);
    expect(rows[0]?.cells).toHaveLength(16_384);
  });

  it('reads no cell right of the header, keeping the header\'s own trailing blanks, and reports the skipped ones once', async () => {
    const rows =
      '<row r="1"><c r="A1" t="inlineStr"><is><t>id</t></is></c><c r="C1" t="inlineStr"><is><t>name</t></is></c><c r="E1" s="1"/></row>' +
      '<row r="2"><c r="A2"><v>1</v></c><c r="F2"><v>6</v></c><c r="XFD2"><v>7</v></c></row>' +
      '<row r="3"><c r="A3"><v>2</v></c><c r="E3"><v>5</v></c><c r="G3"/></row>';
    const file = await writeSimpleWorkbook(path.join(dir, 'far-right.xlsx'), rows);
    const { source, rows: read } = await readFile(file);
    expect(read).toEqual([
      { rowNo: 1, cells: ['id', '', 'name', '', ''] },
      { rowNo: 2, cells: ['1'] },
      { rowNo: 3, cells: ['2', '', '', '', '5'] },
    ]);
    expect(source.ignoredCells?.()).toEqual({ cells: 2, rows: 1, from: 'F', to: 'XFD' });
  });

  it('stops a sheet whose cells expand past its budget, shared texts counted at every reference', async () => {
    const cells = Array.from({ length: 50 }, (_, i) => `<c r="${String.fromCharCode(65 + (i % 20))}${Math.floor(i / 20) + 2}" t="s"><v>0</v></c>`);
    const header = Array.from({ length: 20 }, (_, i) => `<c r="${String.fromCharCode(65 + i)}1" t="inlineStr"><is><t>h</t></is></c>`).join('');
    const rows = `<row r="1">${header}</row><row r="2">${cells.slice(0, 20).join('')}</row>` +
      `<row r="3">${cells.slice(20, 40).join('')}</row><row r="4">${cells.slice(40).join('')}</row>`;
    const file = await writeSimpleWorkbook(path.join(dir, 'expanding.xlsx'), rows, { sharedStrings: sharedStringsXml(['x'.repeat(1_000)]) });
    const error = await failure(() => openAndRead(file, { displayName: 'expanding.xlsx', limits: { maxExpandedChars: 10_000, maxExpansionRatio: 2 } }));
    expect(error.code).toBe('xlsx_too_large');
    expect(error.describe()).toMatch(/^expanding\.xlsx, row 2: sheet "Sheet1" expands to more text than its size allows: 10,020 characters from /);
    // The same cells within a larger budget are read whole.
    expect((await readFile(file, { limits: { maxExpandedChars: 100_000 } })).rows).toHaveLength(4);
  });

  it('refuses DTDs, so no entity tricks', async () => {
    const xml =
      '<?xml version="1.0"?><!DOCTYPE worksheet [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>' +
      '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&b;</t></is></c></row></sheetData></worksheet>';
    const file = await writeCraftedWorkbook(path.join(dir, 'dtd.xlsx'), { sheets: [{ name: 'S', xml }] });
    const error = await failure(() => openAndRead(file));
    expect(error.code).toBe('xlsx_malformed');
  });

  it('stops a single XML node that would grow without bound, and absurd nesting', async () => {
    const comment = `<!--${'<'.repeat(3_000_000)}-->`;
    const file = await writeSimpleWorkbook(path.join(dir, 'comment.xlsx'), `<row r="1"><c r="A1"><v>1</v></c></row>${comment}`);
    const error = await failure(() => openAndRead(file));
    expect(error.code).toBe('xlsx_too_large');
    expect(error.location?.row).toBe(1);
    const nested = await writeSimpleWorkbook(path.join(dir, 'nested.xlsx'), `${'<x>'.repeat(1_000)}${'</x>'.repeat(1_000)}`);
    expect((await failure(() => openAndRead(nested))).code).toBe('xlsx_malformed');
  });

  it('closes cleanly when the consumer stops early', async () => {
    const file = await writeLongSheetWorkbook(dir, 20_000);
    const source = await openXlsx(file);
    let batches = 0;
    for await (const batch of source.rows()) {
      expect(batch.length).toBeGreaterThan(0);
      batches += 1;
      if (batches === 1) break;
    }
    const partial = source.bytesRead();
    expect(partial).toBeLessThan(fs.statSync(file).size);
    if (process.platform === 'linux') expect(openDescriptorsOf(file)).toHaveLength(1);
    await source.close();
    expect(openDescriptorsOf(file)).toEqual([]);
    // Reading again after a close is a programming error, not a damaged file.
    await expect(readAll(source)).rejects.toThrow(/closed/);
    await source.close();
  });

  it('ends a read with a plain error (not a damaged-file error) when closed underneath the reader', async () => {
    const file = await writeLongSheetWorkbook(dir, 20_000);
    const source = await openXlsx(file);
    const read = async (): Promise<void> => {
      for await (const batch of source.rows()) {
        expect(batch.length).toBeGreaterThan(0);
        await source.close();
      }
    };
    const error = await read().then(
      () => undefined,
      (thrown: unknown) => thrown,
    );
    expect(error).toBeInstanceOf(Error);
    expect(error).not.toBeInstanceOf(ShopfloorError);
    expect(openDescriptorsOf(file)).toEqual([]);
  });

  it('closes the file when opening fails', async () => {
    const file = await writeEscapingRelsWorkbook(dir);
    await failure(() => openXlsx(file, { sheet: 'Passwd' }));
    expect(openDescriptorsOf(file)).toEqual([]);
  });
});

describe('xlsx helpers', () => {
  it('classifies number formats', () => {
    expect(classifyFormatCode('yyyy/mm/dd hh:mm')).toBe('datetime');
    expect(classifyFormatCode('yyyy-mm-dd')).toBe('date');
    expect(classifyFormatCode('[$-411]ggge"年"m"月"d"日"')).toBe('date');
    expect(classifyFormatCode('[h]:mm')).toBe('none');
    expect(classifyFormatCode('[Red]#,##0;[Blue]-#,##0')).toBe('none');
    expect(classifyFormatCode('#,##0 "days"')).toBe('none');
    expect(classifyFormatCode('0.00E+00')).toBe('none');
    expect(classifyFormatCode('General')).toBe('none');
    expect(classifyFormatCode('mm:ss')).toBe('datetime');
    expect(classifyFormatCode('\\d0')).toBe('none');
    expect(classifyBuiltinFormat(14)).toBe('date');
    expect(classifyBuiltinFormat(22)).toBe('datetime');
    expect(classifyBuiltinFormat(31)).toBe('date');
    expect(classifyBuiltinFormat(46)).toBe('none');
    expect(classifyBuiltinFormat(0)).toBe('none');
  });

  it('converts serials', () => {
    expect(excelSerialToText(46353.572916666664, false, true)).toBe('2026-11-27T13:45:00');
    expect(excelSerialToText(0, false, false)).toBe('1899-12-31');
    expect(excelSerialToText(60.5, false, true)).toBe('1900-02-29T12:00:00');
    expect(excelSerialToText(2_958_465, false, false)).toBe('9999-12-31');
    expect(excelSerialToText(2_958_466, false, false)).toBeUndefined();
    expect(excelSerialToText(-1, true, false)).toBeUndefined();
  });

  it('resolves relationship targets inside the package only', () => {
    expect(resolvePartName('xl/workbook.xml', 'worksheets/sheet1.xml')).toBe('xl/worksheets/sheet1.xml');
    expect(resolvePartName('xl/workbook.xml', '/xl/worksheets/sheet1.xml')).toBe('xl/worksheets/sheet1.xml');
    expect(resolvePartName('xl/workbook.xml', '../xl/worksheets/sheet1.xml')).toBe('xl/worksheets/sheet1.xml');
    expect(resolvePartName('xl/workbook.xml', '../../etc/passwd')).toBeUndefined();
    expect(resolvePartName('xl/workbook.xml', 'file:///etc/passwd')).toBeUndefined();
    expect(resolvePartName('xl/workbook.xml', 'C:\\Windows\\win.ini')).toBeUndefined();
  });
});
