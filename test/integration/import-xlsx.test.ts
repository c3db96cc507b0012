import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeManySharedStringsWorkbook, writePrototypePollutionWorkbook, writeZipBombWorkbook } from '../fixtures/xlsx-fixtures.ts';
import { writeStoreWorkbook } from '../fixtures/xlsx-workbooks.ts';
import { toDelimited, writeEncoded } from '../fixtures/pos-csv.ts';
import { cli, cliJson } from '../helpers/run-cli.ts';
import { useTempDir } from '../helpers/temp-dir.ts';

const tempDir = useTempDir();

describe('XLSX import', () => {
  it('reads the first sheet by default, real date cells included, and another with --sheet', async () => {
    const dir = tempDir();
    const db = path.join(dir, 'store.db');
    const file = await writeStoreWorkbook(dir);

    const members = await cliJson<Record<string, unknown>>(['import', file, '--db', db]);
    expect(members).toMatchObject({ kind: 'members', format: 'xlsx', sheet: '会員', encoding: 'utf-8', rows: 3, accepted: 2, rejected: 1, issues: { missing_user_id: 1 } });
    await cliJson(['commit', '--all', '--db', db]);
    const users = await cliJson<{ users: Array<Record<string, unknown>> }>(['users', '--db', db]);
    expect(users.users).toEqual([
      expect.objectContaining({ user_id: 'M100001', name: '山田 花子', tier: 'VIP', joined_at: '2024-04-01', email_opt_in: true }),
      expect.objectContaining({ user_id: 'M100002', name: '陳 小明', tier: 'Gold', joined_at: '2025-01-15', email_opt_in: false }),
    ]);

    const sales = await cliJson<Record<string, unknown>>(['import', file, '--sheet', '2026-11 POS', '--tz', 'Asia/Tokyo', '--db', db, '--commit']);
    expect(sales).toMatchObject({ kind: 'pos', sheet: '2026-11 POS', rows: 2, accepted: 2, status: 'committed' });
    const timeline = await cliJson<{ user: Record<string, unknown>; events: Array<Record<string, unknown>> }>(['timeline', 'M100002', '--db', db]);
    expect(timeline.user).toMatchObject({ tier: 'Gold' });
    expect(timeline.events).toEqual([expect.objectContaining({
      occurred_at: '2026-11-27T09:05:00.000Z', occurred_local: '2026-11-27T18:05:00+09:00', is_offline: true,
      params: expect.objectContaining({ product_name: '烏龍茶', qty: 1, amount: -350, line_no: '1' }),
    })]);

    const missing = await cli(['import', file, '--sheet', 'Sheet9', '--db', db]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/store\.xlsx: .*Sheet9.*会員.*2026-11 POS/);
  });

  it('answers hostile workbooks with a clear error or rejected rows, never a crash or a polluted prototype', async () => {
    const dir = tempDir();
    const db = path.join(dir, 'store.db');
    const good = path.join(dir, 'good.csv');
    writeEncoded(good, toDelimited([['Member ID', 'Email'], ['M1', 'a@example.com']]), 'utf-8');
    await cliJson(['import', good, '--db', db, '--commit']);
    const before = Object.getOwnPropertyNames(Object.prototype).sort();

    const prototype = await cli(['import', await writePrototypePollutionWorkbook(dir), '--kind', 'members', '--map', 'user_id=__proto__', '--db', db, '--json']);
    expect([0, 1]).toContain(prototype.code);
    if (prototype.code === 0) {
      const result = JSON.parse(prototype.stdout) as { rows: number; accepted: number; rejected: number; duplicates: number };
      expect(result.rows).toBe(result.accepted + result.rejected + result.duplicates);
    } else {
      expect(prototype.stderr).toMatch(/^shopfloor: prototype\.xlsx/);
    }
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(before);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();

    const bomb = await cli(['import', await writeZipBombWorkbook(dir, 300), '--db', db]);
    expect(bomb.code).toBe(1);
    expect(bomb.stderr.trim()).toMatch(/^shopfloor: bomb\.xlsx: .*(zip bomb|compress)/i);

    // A table that claims four billion strings is read for what it holds, not allocated for what it claims.
    const strings = await cliJson<{ rows: number }>(['import', await writeManySharedStringsWorkbook(dir, 50_000), '--kind', 'members', '--map', 'user_id=item 0', '--db', db]);
    expect(strings.rows).toBe(0);

    // Whatever came in, what was saved before is still there, and nothing half-imported is left.
    const batches = await cliJson<{ batches: Array<{ status: string; file: string }> }>(['batches', '--db', db]);
    expect(batches.batches.filter((batch) => batch.status === 'committed')).toEqual([expect.objectContaining({ file: 'good.csv', status: 'committed' })]);
    expect((await cliJson<{ total: number }>(['users', '--attr', 'user_id=M1', '--db', db])).total).toBe(1);
  });
});
