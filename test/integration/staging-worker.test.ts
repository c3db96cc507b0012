import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../electron/core/clock.ts';
import { ShopfloorError } from '../../electron/core/errors.ts';
import { importFile, type ImportOptions } from '../../electron/core/import/import-file.ts';
import { openStore, type Db } from '../../electron/core/store/open-store.ts';
import { posHeader, toDelimited, writeEncoded } from '../fixtures/pos-csv.ts';
import { writePrototypePollutionWorkbook } from '../fixtures/xlsx-fixtures.ts';
import { useTempDir } from '../helpers/temp-dir.ts';

const tempDir = useTempDir();

// Large files are read and validated on a worker thread; whatever the thread, the batch must be the same.
const header = [...posHeader, 'Campaign Code'];
const line = (member: string, time: string, receipt: string, lineNo: string, product: string, amount: string, campaign = '') =>
  [member, time, 'S01', receipt, lineNo, 'SKU-1', product, '1', amount, amount, 'cash', campaign];

function writeDayExport(dir: string, name: string, rows: string[][]): string {
  const file = path.join(dir, name);
  writeEncoded(file, toDelimited([header, ...rows], { newline: '\r\n' }), 'shift_jis');
  return file;
}

function snapshot(db: Db) {
  const all = (sql: string) => db.prepare(sql).all();
  return {
    batches: all('SELECT kind, file, encoding, status, rows, accepted, rejected, duplicates, issues, stores, mapping FROM batches ORDER BY id'),
    rows: all('SELECT batch_id, row_no, outcome, issues, raw, user_id, data FROM batch_rows ORDER BY batch_id, row_no'),
    events: all('SELECT batch_id, row_no, user_id, name, occurred_at, utc_offset, is_offline, params, dedup_key FROM events ORDER BY batch_id, row_no'),
    types: all('SELECT scope, name, type FROM attribute_types ORDER BY scope, name'),
  };
}

async function importBoth(files: ReadonlyArray<Omit<ImportOptions, 'worker'>>) {
  const dir = tempDir();
  const results = [];
  for (const worker of [false, true]) {
    const db = openStore(path.join(dir, `${worker ? 'worker' : 'inline'}.db`));
    try {
      for (const options of files) await importFile(db, new ManualClock(Date.UTC(2026, 10, 28)), { ...options, worker });
      results.push(snapshot(db));
    } finally {
      db.close();
    }
  }
  return { inline: results[0]!, worker: results[1]! };
}

describe('reading a file on the staging worker', () => {
  it('stages exactly what reading on the calling thread stages: outcomes, duplicates, raw rows, types', async () => {
    const dir = tempDir();
    const first = writeDayExport(dir, 'pos_day1.csv', [
      line('M1', '2026/11/27 10:00:00', 'R1', '1', '抹茶ラテ', '¥1,280', '12'),
      line('  M2 ', '2026/11/27 10:05', 'R2', '1', 'Tea, "green"\nlarge', '480'),
      line('', '2026/11/27 10:06', 'R3', '1', '烏龍茶', '300'),
      line('M3', '2026/13/45 10:00', 'R4', '1', 'Tea', 'two'),
      line('M1', '2026/11/27 10:00:00', 'R1', '1', '抹茶ラテ', '¥1,280', '12'),
      line('M4', '2026/11/27 11:00', 'R5', '1', 'Tea', '-300', 'spring'),
      ['合計', '', '', '', '', '', '', '', '', '5,000', '', ''],
    ]);
    const second = writeDayExport(dir, 'pos_day2.csv', [
      line('M1', '2026/11/27 10:00:00', 'R1', '1', '抹茶ラテ', '¥1,280', '12'),
      line('M5', '2026/11/28 09:00', 'R9', '1', '鳳梨酥', '220', '7'),
    ]);
    const { inline, worker } = await importBoth([
      { file: first, kind: 'pos', tz: 'Asia/Tokyo' },
      { file: second, kind: 'pos', tz: 'Asia/Tokyo' },
    ]);

    expect(worker).toEqual(inline);
    // And what both staged is right, so the comparison is not between two empty stores.
    // Rejected: no member, a bad date and quantity, a campaign code that is not a number like the first one, the total.
    expect(inline.batches[0]).toMatchObject({ encoding: 'shift_jis', rows: 7, accepted: 2, rejected: 4, duplicates: 1 });
    expect(inline.batches[1]).toMatchObject({ rows: 2, accepted: 1, duplicates: 1 });
    expect(inline.rows.filter((row) => (row as { outcome: string }).outcome === 'duplicate')).toHaveLength(2);
    expect(inline.events.map((event) => (event as { user_id: string }).user_id)).toEqual(['M1', 'M2', 'M5']);
    expect(inline.types).toEqual([{ scope: 'event', name: 'campaign_code', type: 'number' }]);
  });

  it('reads a hostile workbook the same way, without polluting any prototype', async () => {
    const file = await writePrototypePollutionWorkbook(tempDir());
    const { inline, worker } = await importBoth([{ file, kind: 'members', map: [['user_id', '__proto__']] }]);
    expect(worker).toEqual(inline);
    expect(inline.batches).toHaveLength(1);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('reports a file error raised on the worker with its file, row and column, and saves nothing', async () => {
    const dir = tempDir();
    const file = writeDayExport(dir, 'no_zone.csv', [line('M1', '2026/11/27 10:00', 'R1', '1', '抹茶', '100')]);
    const db = openStore(path.join(dir, 'store.db'));
    try {
      const failure = await importFile(db, new ManualClock(0), { file, kind: 'pos', worker: true }).catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(ShopfloorError);
      expect(failure).toMatchObject({ code: 'timezone_required', location: { file: 'no_zone.csv', row: 2, column: 'Purchased At' } });

      const mismatch = await importFile(db, new ManualClock(0), { file, kind: 'pos', tz: 'Asia/Tokyo', encoding: 'utf-8', worker: true })
        .catch((error: unknown) => error);
      expect(mismatch).toMatchObject({ code: 'encoding_mismatch', location: { file: 'no_zone.csv' } });
      expect(db.prepare('SELECT count(*) FROM batches').pluck().get()).toBe(0);
    } finally {
      db.close();
    }
  });

  it('stops reading when the import is cancelled, and keeps none of its rows', async () => {
    const dir = tempDir();
    const rows = Array.from({ length: 40_000 }, (_, index) => line(`M${index}`, '2026/11/27 10:00', `R${index}`, '1', 'Tea', '100'));
    const file = path.join(dir, 'big.csv');
    fs.writeFileSync(file, toDelimited([header, ...rows]));
    const db = openStore(path.join(dir, 'store.db'));
    try {
      const controller = new AbortController();
      const failure = await importFile(db, new ManualClock(0), {
        file, kind: 'pos', tz: 'Asia/Tokyo', worker: true, signal: controller.signal,
        onProgress: (progress) => {
          if (progress.rows > 1_000) controller.abort();
        },
      }).catch((error: unknown) => error);
      expect(failure).toMatchObject({ code: 'cancelled' });
      expect(db.prepare('SELECT count(*) FROM events').pluck().get()).toBe(0);
      expect(db.prepare('SELECT count(*) FROM batches').pluck().get()).toBe(0);
    } finally {
      db.close();
    }
  });
});
