import fs from 'node:fs';
import path from 'node:path';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { posHeader, toDelimited } from '../fixtures/pos-csv.ts';
import { writeCraftedWorkbook, sheetXml } from '../fixtures/xlsx-fixtures.ts';
import { cli, cliJson } from '../helpers/run-cli.ts';
import { useTempDir } from '../helpers/temp-dir.ts';

const tempDir = useTempDir();

function setup() {
  const dir = tempDir();
  return { dir, db: path.join(dir, 'store.db') };
}

// What a terminal acts on: ESC (and the one-byte CSI), BEL, CR, backspace.
const terminalControls = /[\u0007\u0008\u000d\u001b\u009b]/;

describe('text from hostile files', () => {
  it('rejects a user_id holding NUL or another control character, with its own code', async () => {
    const { dir, db } = setup();
    const file = path.join(dir, 'members.csv');
    fs.writeFileSync(file, toDelimited([['Member ID', 'Tier'], ['M1', 'VIP'], ['M1\u0000', 'Gold'], ['M\u001b[2J1', 'Gold'], ['M1\u0085', 'Gold'], ['M\t1', 'Gold'], ['  M2 ', 'Gold']]));
    const result = await cliJson<{ rows: number; accepted: number; rejected: number; issues: Record<string, number> }>(['import', file, '--kind', 'members', '--db', db, '--commit']);
    expect(result).toMatchObject({ rows: 6, accepted: 2, rejected: 4, issues: { invalid_user_id: 4 } });
    const listing = await cliJson<{ rows: Array<{ row: number; codes: string[]; issues: Array<{ column: string; detail: string }> }> }>(['rejected', '1', '--db', db]);
    expect(listing.rows.map((row) => [row.row, row.codes])).toEqual([[3, ['invalid_user_id']], [4, ['invalid_user_id']], [5, ['invalid_user_id']], [6, ['invalid_user_id']]]);
    expect(listing.rows[0]!.issues[0]).toMatchObject({ column: 'Member ID', detail: 'U+0000 at character 3' });
    // M1 stays one customer; padding around an id is still trimmed.
    const users = await cliJson<{ total: number; users: Array<{ user_id: string; tier: string }> }>(['users', '--db', db]);
    expect(users.users.map((user) => [user.user_id, user.tier])).toEqual([['M1', 'VIP'], ['M2', 'Gold']]);
  });

  it('escapes every cell a spreadsheet would run as a formula in the rejected-rows export', async () => {
    const { dir, db } = setup();
    const file = path.join(dir, 'pos.csv');
    const hostile = ['=1+1', '\n=1+1', ' =1+1', '\u00a0=1+1', '\u3000=1+1', '\t=1+1', '\u0000=1+1', '\u0000cmd', '＝1+1', '＋1+1', '－1+1', '＠SUM(A1)', '@SUM(A1)', '-1+1', '+1'];
    const rows = hostile.map((cell, index) => ['', '2026-11-27T10:00:00+09:00', 'S01', `R${index}`, '1', 'SKU-1', cell, '1', '100', '100', 'cash']);
    rows.push(['', '2026-11-27T10:00:00+09:00', 'S01', 'R99', '1', 'SKU-1', 'Matcha 1+1', '1', '100', '100', 'cash']);
    fs.writeFileSync(file, toDelimited([posHeader, ...rows]));
    expect(await cliJson(['import', file, '--kind', 'pos', '--db', db])).toMatchObject({ rejected: hostile.length + 1 });
    const out = path.join(dir, 'rejected.csv');
    await cliJson(['rejected', '1', '--csv', out, '--db', db]);
    const table = Papa.parse<string[]>(fs.readFileSync(out, 'utf8').replace(/^\ufeff/, ''), { skipEmptyLines: true }).data;
    const products = table.slice(1).map((cells) => cells[3 + posHeader.indexOf('Product Name')]);
    expect(products).toEqual([...hostile.map((cell) => `'${cell}`), 'Matcha 1+1']);
  });

  it('shows headers and cells from a file with their control characters escaped, never acted on by the terminal', async () => {
    const { dir, db } = setup();
    const file = path.join(dir, 'members.csv');
    const title = '\u001b]0;pwned\u0007\u001b[2J';
    fs.writeFileSync(file, toDelimited([['Member ID', `Tier${title}`, '\u001b]会員\u0007'], ['', `VIP${title}\r`, 'x\u009b2J']]));
    const imported = await cli(['import', file, '--kind', 'members', '--db', db]);
    expect(imported.code).toBe(0);
    expect(imported.stdout).not.toMatch(terminalControls);
    expect(imported.stdout).toContain('Column "\\x1b]会員\\x07" is not stored');
    const listing = await cli(['rejected', '1', '--db', db]);
    expect(listing.code).toBe(0);
    expect(listing.stdout).not.toMatch(terminalControls);
    expect(listing.stdout).toContain('Tier\\x1b]0;pwned\\x07\\x1b[2J=VIP\\x1b]0;pwned\\x07\\x1b[2J\\x0d');
    expect(listing.stdout).toContain('=x\\x9b2J');

    const broken = await cli(['import', file, '--kind', 'members', '--map', `tier=Tier${title}x`, '--db', db]);
    expect(broken.code).toBe(1);
    expect(broken.stderr).not.toMatch(terminalControls);
    expect(broken.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('keeps an error line short however many headers the file has: the first few and a count', async () => {
    const { dir, db } = setup();
    const file = path.join(dir, 'wide.csv');
    const header = Array.from({ length: 900 }, (_, index) => `Column ${index + 1} ${'x'.repeat(200)}`);
    fs.writeFileSync(file, toDelimited([header, header.map(() => '1')]));
    const run = await cli(['import', file, '--kind', 'members', '--db', db]);
    expect(run.code).toBe(1);
    expect(run.stderr.length).toBeLessThan(1_000);
    expect(run.stderr).toMatch(/^shopfloor: wide\.csv, row 1: no column for user_id in a members file \(columns: Column 1 x+…, Column 2 x+…, .*, … \(900 columns\)\); map one with --map user_id=HEADER\n$/);

    // A workbook's sheet names are part of the line as well.
    const workbook = await writeCraftedWorkbook(path.join(dir, 'sheets.xlsx'), {
      sheets: Array.from({ length: 60 }, (_, index) => ({ name: `Sheet ${index}\u001b[2J`, xml: sheetXml('<row r="1"><c r="A1" t="inlineStr"><is><t>user_id</t></is></c></row>') })),
    });
    const sheet = await cli(['import', workbook, '--sheet', 'Nope', '--db', db]);
    expect(sheet.code).toBe(1);
    expect(sheet.stderr.length).toBeLessThan(1_000);
    expect(sheet.stderr).not.toMatch(terminalControls);
  });
});
