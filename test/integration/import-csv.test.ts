import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../electron/core/clock.ts';
import { posHeader, toDelimited, writeEncoded } from '../fixtures/pos-csv.ts';
import { cli, cliJson } from '../helpers/run-cli.ts';
import { useTempDir } from '../helpers/temp-dir.ts';

const tempDir = useTempDir();

interface ImportJson {
  id: number;
  status: string;
  kind: string;
  file: string;
  encoding: string;
  delimiter: string | null;
  rows: number;
  accepted: number;
  rejected: number;
  duplicates: number;
  issues: Record<string, number>;
  stores: Record<string, { rows: number; missing_user_id: number; rate: number }>;
}

interface TimelineJson {
  user: Record<string, unknown> | null;
  events: Array<{ name: string; occurred_at: string; ingested_at: string | null; is_offline: boolean; params: Record<string, unknown>; batch_id: number; status: string }>;
}

function setup() {
  const dir = tempDir();
  return { dir, db: path.join(dir, 'store.db') };
}

const tricky = [
  posHeader,
  ['M100001', '2026/11/27 13:45', 'S01', 'R1', '1', 'SKU-1', 'Latte, large', '1', '¥1,280', '¥1,280', 'cash'],
  ['  M100002  ', '2026-11-27 14:05:30', 'S01', 'R2', '1', 'SKU-2', 'The "Original" blend', '2', '1,280', '2,560', 'card'],
  [],
  ['M100003', '2026-11-27T15:00:00+09:00', 'S02', 'R3', '1', 'SKU-3', 'Gift set\nwith card', '-1', '3000', '-3,000', 'card'],
];

describe('import of CSV and TSV', () => {
  for (const variant of [
    { name: 'CSV, LF, no BOM', delimiter: ',', newline: '\n', encoding: 'utf-8' as const },
    { name: 'CSV, CRLF, BOM', delimiter: ',', newline: '\r\n', encoding: 'utf-8-bom' as const },
    { name: 'TSV, CRLF', delimiter: '\t', newline: '\r\n', encoding: 'utf-8' as const },
    { name: 'semicolons, LF, BOM', delimiter: ';', newline: '\n', encoding: 'utf-8-bom' as const },
  ]) {
    it(`reads quoted fields, blank lines and amounts (${variant.name})`, async () => {
      const { dir, db } = setup();
      const file = path.join(dir, 'pos.csv');
      writeEncoded(file, toDelimited(tricky, variant) + variant.delimiter.repeat(4) + variant.newline, variant.encoding);
      const result = await cliJson<ImportJson>(['import', file, '--tz', 'Asia/Tokyo', '--db', db]);
      expect(result).toMatchObject({ status: 'staged', kind: 'pos', encoding: 'utf-8', delimiter: variant.delimiter, rows: 3, accepted: 3, rejected: 0, duplicates: 0 });

      const first = await cliJson<TimelineJson>(['timeline', 'M100001', '--db', db]);
      expect(first.events).toHaveLength(1);
      expect(first.events[0]).toMatchObject({
        name: 'offline_purchase', occurred_at: '2026-11-27T04:45:00.000Z', is_offline: true, status: 'staged', ingested_at: null,
        params: { store_id: 'S01', receipt_no: 'R1', line_no: '1', product_name: 'Latte, large', qty: 1, unit_price: 1280, amount: 1280, payment_method: 'cash' },
      });
      const padded = await cliJson<TimelineJson>(['timeline', 'M100002', '--db', db]);
      expect(padded.events[0]).toMatchObject({ occurred_at: '2026-11-27T05:05:30.000Z', params: { product_name: 'The "Original" blend', amount: 2560 } });
      const refund = await cliJson<TimelineJson>(['timeline', 'M100003', '--db', db]);
      expect(refund.events[0]).toMatchObject({ occurred_at: '2026-11-27T06:00:00.000Z', params: { product_name: 'Gift set\nwith card', qty: -1, amount: -3000 } });
    });
  }

  it('reads Shift_JIS, Big5 and UTF-16 exports by detection, and exactly', async () => {
    const names = { shift_jis: ['会員ID', '購入日時', '店舗', 'レシート番号', '行番号', '商品名', '数量', '金額'], big5: ['會員編號', '交易時間', '門市', '交易編號', '項次', '商品名稱', '數量', '金額'] };
    const products = { shift_jis: ['抹茶ラテ（Ｌ）', 'おにぎり　鮭', '髙島屋限定セット'], big5: ['珍珠奶茶', '鳳梨酥禮盒', '烏龍茶'] };
    for (const encoding of ['shift_jis', 'big5'] as const) {
      const { dir, db } = setup();
      const file = path.join(dir, `pos-${encoding}.csv`);
      const rows = products[encoding].map((product, index) => [`M20000${index}`, `2026/11/27 1${index}:00`, 'S01', `R${index}`, '1', product, '1', encoding === 'big5' ? 'NT$1,280' : '¥1,280']);
      writeEncoded(file, toDelimited([names[encoding], ...rows], { newline: '\r\n' }), encoding);
      const result = await cliJson<ImportJson>(['import', file, '--tz', 'Asia/Taipei', '--db', db]);
      expect(result).toMatchObject({ encoding, kind: 'pos', rows: 3, accepted: 3 });
      for (const [index, product] of products[encoding].entries()) {
        const timeline = await cliJson<TimelineJson>(['timeline', `M20000${index}`, '--db', db]);
        expect(timeline.events[0]?.params).toMatchObject({ product_name: product, amount: 1280 });
      }
    }
    const { dir, db } = setup();
    const file = path.join(dir, 'unicode.txt');
    writeEncoded(file, toDelimited([['会員ID', '購入日時', '店舗', '商品名'], ['M1', '2026-11-27 10:00', 'S1', '抹茶ラテ']], { delimiter: '\t', newline: '\r\n' }), 'utf-16le');
    const result = await cliJson<ImportJson>(['import', file, '--tz', 'Asia/Tokyo', '--db', db]);
    expect(result).toMatchObject({ encoding: 'utf-16le', delimiter: '\t', accepted: 1 });
  });

  it('lets --encoding override detection', async () => {
    const { dir, db } = setup();
    const file = path.join(dir, 'pos.csv');
    writeEncoded(file, toDelimited([['会員ID', '購入日時', '店舗', '商品名'], ['M1', '2026-11-27 10:00', 'S1', '抹茶']]), 'shift_jis');
    const forced = await cli(['import', file, '--tz', 'Asia/Tokyo', '--encoding', 'utf-8', '--db', db]);
    expect(forced.code).toBe(1);
    expect(forced.stderr).toMatch(/pos\.csv: the file is not valid utf-8 .*--encoding/);
    const right = await cliJson<ImportJson>(['import', file, '--tz', 'Asia/Tokyo', '--encoding', 'shift_jis', '--db', db]);
    expect(right).toMatchObject({ encoding: 'shift_jis', accepted: 1 });
  });

  it('gives every row exactly one outcome with the issue codes of PRODUCT.md', async () => {
    const { dir, db } = setup();
    const file = path.join(dir, 'pos_2026-11-27.csv');
    writeEncoded(file, toDelimited([
      posHeader,
      ['M1', '2026/11/27 10:00', 'S01', 'R1', '1', 'A', 'Tea', '1', '100', '100', 'cash'],
      ['', '2026/11/27 10:01', 'S01', 'R2', '1', 'A', 'Tea', '1', '100', '100', 'cash'],
      ['   ', '2026/11/27 10:02', 'S02', 'R3', '1', 'A', 'Tea', '1', '100', '100', 'cash'],
      ['M2', '2026/13/45 10:00', 'S02', 'R4', '1', 'A', 'Tea', '1', '100', '100', 'cash'],
      ['M3', '2026/11/27 10:03', 'S02', 'R5', '1', 'A', 'Tea', 'two', '100', 'abc', 'cash'],
      ['M1', '2026/11/27 10:00', 'S01', 'R1', '1', 'A', 'Tea', '1', '100', '100', 'cash'],
      posHeader,
      ['合計', '', '', '', '', '', '', '7', '', '¥700', ''],
    ]), 'utf-8');
    const result = await cliJson<ImportJson>(['import', file, '--tz', 'Asia/Tokyo', '--db', db]);
    expect(result).toMatchObject({ rows: 8, accepted: 1, rejected: 6, duplicates: 1 });
    expect(result.rows).toBe(result.accepted + result.rejected + result.duplicates);
    expect(result.issues).toEqual({
      missing_user_id: 3, invalid_timestamp: 2, invalid_number: 1, duplicate: 1, repeated_header: 1, footer_row: 1,
    });
    expect(result.stores).toEqual({
      S01: { rows: 3, missing_user_id: 1, rate: 1 / 3 },
      S02: { rows: 3, missing_user_id: 1, rate: 1 / 3 },
    });

    const rejected = await cliJson<{ rows: Array<{ row: number; codes: string[]; reasons: string[]; values: Record<string, string> }> }>(['rejected', String(result.id), '--db', db]);
    expect(rejected.rows.map((row) => [row.row, row.codes])).toEqual([
      [3, ['missing_user_id']],
      [4, ['missing_user_id']],
      [5, ['invalid_timestamp']],
      [6, ['invalid_number']],
      [8, ['repeated_header']],
      [9, ['missing_user_id', 'footer_row', 'invalid_timestamp']],
    ]);
    expect(rejected.rows[3]!.reasons.join(' ')).toMatch(/"Quantity" \("two"\).*"Amount" \("abc"\)/);
    expect(rejected.rows[1]!.values['Member ID']).toBe('   ');

    const human = await cli(['rejected', String(result.id), '--db', db]);
    expect(human.stdout).toContain('row 5: invalid_timestamp in "Purchased At" ("2026/13/45 10:00")');
  });

  it('refuses a time without offset when no store zone is known, naming file, row and column, and keeps the store intact', async () => {
    const { dir, db } = setup();
    const good = path.join(dir, 'good.csv');
    writeEncoded(good, toDelimited([posHeader, ['M1', '2026-11-27T10:00:00Z', 'S01', 'R1', '1', 'A', 'Tea', '1', '100', '100', 'cash']]), 'utf-8');
    await cliJson(['import', good, '--db', db, '--commit']);
    const file = path.join(dir, 'no-zone.csv');
    writeEncoded(file, toDelimited([posHeader,
      ['M2', '2026-11-27T10:00:00+09:00', 'S01', 'R9', '1', 'A', 'Tea', '1', '100', '100', 'cash'],
      ['M3', '2026/11/27 10:00', 'S01', 'R10', '1', 'A', 'Tea', '1', '100', '100', 'cash']]), 'utf-8');
    const run = await cli(['import', file, '--db', db]);
    expect(run.code).not.toBe(0);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(/no-zone\.csv, row 3, column "Purchased At": "2026\/11\/27 10:00" has no UTC offset .*--tz/);
    const batches = await cliJson<{ batches: Array<{ id: number; status: string }> }>(['batches', '--db', db]);
    expect(batches.batches).toEqual([expect.objectContaining({ id: 1, status: 'committed' })]);
    expect((await cliJson<TimelineJson>(['timeline', 'M2', '--db', db])).events).toEqual([]);
    expect((await cliJson<TimelineJson>(['timeline', 'M1', '--db', db])).events).toHaveLength(1);
  });

  it('deduplicates within a file and against the store: the same export twice adds nothing', async () => {
    const { dir, db } = setup();
    const file = path.join(dir, 'pos.csv');
    writeEncoded(file, toDelimited([posHeader,
      ['M1', '2026/11/27 10:00', 'S01', 'R1', '1', 'A', 'Tea', '1', '100', '100', 'cash'],
      ['M1', '2026/11/27 10:00', 'S01', 'R1', '2', 'B', 'Cake', '1', '300', '300', 'cash'],
      ['M1', '2026/11/27 10:00', 'S01', 'R1', '2', 'B', 'Cake', '1', '300', '300', 'cash']]), 'utf-8');
    const first = await cliJson<ImportJson>(['import', file, '--tz', 'Asia/Tokyo', '--db', db, '--commit']);
    expect(first).toMatchObject({ status: 'committed', accepted: 2, duplicates: 1 });
    const again = await cliJson<ImportJson>(['import', file, '--tz', 'Asia/Tokyo', '--db', db]);
    expect(again).toMatchObject({ accepted: 0, duplicates: 3 });
    const commit = await cliJson<{ committed: number[]; events: number }>(['commit', '--all', '--db', db]);
    expect(commit).toEqual(expect.objectContaining({ committed: [again.id], events: 0 }));
    expect((await cliJson<TimelineJson>(['timeline', 'M1', '--db', db])).events).toHaveLength(2);
  });

  it('shows staged events as staged and gives them ingested_at only at commit', async () => {
    const { dir, db } = setup();
    const clock = new ManualClock(Date.parse('2026-11-28T01:00:00Z'));
    const file = path.join(dir, 'pos.csv');
    writeEncoded(file, toDelimited([posHeader, ['M1', '2026/11/27 10:00', 'S01', 'R1', '1', 'A', 'Tea', '1', '100', '100', 'cash']]), 'utf-8');
    const staged = await cliJson<ImportJson>(['import', file, '--tz', 'Asia/Tokyo', '--db', db], clock);
    expect((await cliJson<TimelineJson>(['timeline', 'M1', '--db', db], clock)).events[0]).toMatchObject({ status: 'staged', ingested_at: null, batch_id: staged.id });
    clock.set(Date.parse('2026-11-28T02:30:00Z'));
    expect(await cliJson(['commit', String(staged.id), '--db', db], clock)).toMatchObject({ committed: [staged.id], events: 1 });
    const committed = await cliJson<TimelineJson & { events: Array<{ upload_lag_ms: number }> }>(['timeline', 'M1', '--db', db], clock);
    expect(committed.events[0]).toMatchObject({ status: 'committed', ingested_at: '2026-11-28T02:30:00.000Z', upload_lag_ms: 25.5 * 3_600_000 });
    const twice = await cli(['commit', String(staged.id), '--db', db], clock);
    expect(twice.code).toBe(1);
    expect(twice.stderr).toMatch(/batch 1 is committed/);
  });

  it('rejects a row with a 10 MB cell instead of failing, and keeps a bounded copy', async () => {
    const { dir, db } = setup();
    const file = path.join(dir, 'huge.csv');
    const huge = 'x'.repeat(10 * 1024 * 1024);
    writeEncoded(file, toDelimited([posHeader,
      ['M1', '2026/11/27 10:00', 'S01', 'R1', '1', 'A', huge, '1', '100', '100', 'cash'],
      ['M2', '2026/11/27 10:00', 'S01', 'R2', '1', 'A', 'Tea', '1', '100', '100', 'cash']]), 'utf-8');
    const result = await cliJson<ImportJson>(['import', file, '--tz', 'Asia/Tokyo', '--db', db]);
    expect(result).toMatchObject({ rows: 2, accepted: 1, rejected: 1, issues: { cell_too_large: 1 } });
    const rejected = await cliJson<{ rows: Array<{ values: Record<string, string> }> }>(['rejected', String(result.id), '--db', db]);
    expect(rejected.rows[0]!.values['Product Name']!.length).toBeLessThan(5_000);
    expect(fs.statSync(db).size).toBeLessThan(2 * 1024 * 1024);
  });

  it('stops at a quote that never closes instead of reading the whole file into one field', async () => {
    const { dir, db } = setup();
    const file = path.join(dir, 'runaway.csv');
    fs.writeFileSync(file, `${posHeader.join(',')}\nM1,"2026/11/27 10:00,S01,R1,1,A,Tea\n${'M2,2026/11/27 10:00,S01,R2,1,A,Tea,1,100,100,cash\n'.repeat(700_000)}`);
    const run = await cli(['import', file, '--tz', 'Asia/Tokyo', '--db', db]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/runaway\.csv, row 2: a field is longer than 32 MB, or a quote is opened and never closed/);
    expect((await cliJson<{ batches: unknown[] }>(['batches', '--db', db])).batches).toEqual([]);
  });

  it('takes a delimiter and a left-out column from the command line', async () => {
    const { dir, db } = setup();
    const file = path.join(dir, 'semicolons.txt');
    // The user's delimiter wins over the detection, and a column can be left out by its header.
    writeEncoded(file, 'Member ID;Purchased At;Store;Receipt No;Line No;Internal note\nM1;2026-11-27 10:00;S01;R1;1;call back, later\n', 'utf-8');
    const result = await cliJson<ImportJson & { mapping: Record<string, string>; ignored_columns: Array<{ header: string }> }>(
      ['import', file, '--tz', 'Asia/Tokyo', '--delimiter', ';', '--map', '-=Internal note', '--db', db]);
    expect(result).toMatchObject({ delimiter: ';', accepted: 1, mapping: { user_id: 'Member ID', '!Internal note': 'Internal note' } });
    expect(result.ignored_columns).toEqual([{ header: 'Internal note', reason: 'not imported, as chosen' }]);
    const timeline = await cliJson<TimelineJson>(['timeline', 'M1', '--db', db]);
    expect(timeline.events[0]!.params).toEqual({ store_id: 'S01', receipt_no: 'R1', line_no: '1' });
  });
});
