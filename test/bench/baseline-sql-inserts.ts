import fs from 'node:fs';
import Papa from 'papaparse';
import { openStore } from '../../electron/core/store/open-store.ts';

// Baseline: the SQL the import runs, without the import. The file's rows become the same events
// (same columns, parameters and dedup keys, 100,000 per transaction) in a fresh store with the real
// schema; parsing and building the values is left out of the time. What it prints is the floor the
// store itself sets for `shopfloor import --commit`.
const [file, dbPath] = [process.argv[2]!, process.argv[3]!];
const db = openStore(dbPath);
const batchId = Number(db.prepare(`INSERT INTO batches (kind, file, path, file_size, format, encoding, headers, mapping, layout_key, status, created_at)
  VALUES ('pos', 'baseline', 'baseline', 0, 'csv', 'utf-8', '[]', '{}', 'baseline', 'importing', 0)`).run().lastInsertRowid);
const insert = db.prepare(`INSERT INTO events (batch_id, row_no, user_id, name, occurred_at, utc_offset, is_offline, params, dedup_key)
  VALUES (?, ?, ?, 'offline_purchase', ?, 540, 1, ?, ?) ON CONFLICT (dedup_key) DO NOTHING`);

type Values = [rowNo: number, userId: string, occurredAt: number, params: string, dedupKey: string];
let pending: Values[] = [];
let rowNo = 0;
let insertMs = 0;
const flush = () => {
  const started = performance.now();
  db.transaction(() => {
    for (const values of pending) insert.run(batchId, ...values);
  })();
  insertMs += performance.now() - started;
  pending = [];
};
await new Promise<void>((resolve, reject) => {
  Papa.parse<string[]>(fs.createReadStream(file, { encoding: 'utf8' }), {
    chunk: (results) => {
      for (const cells of results.data) {
        rowNo += 1; // the header is row 1
        const [member, time, store, receipt, line, sku, product, qty, price, amount, payment] = cells.map((cell) => cell.trim());
        if (!member || rowNo === 1) continue;
        const occurredAt = Date.parse(`${time!.replaceAll('/', '-').replace(' ', 'T')}+09:00`);
        const params = JSON.stringify({ store_id: store, receipt_no: receipt, line_no: line, sku, product_name: product,
          qty: Number(qty), unit_price: Number(price), amount: Number(amount), payment_method: payment });
        pending.push([rowNo, member, occurredAt, params, JSON.stringify(['pos', store, receipt, line])]);
        if (pending.length === 100_000) flush();
      }
    },
    complete: () => resolve(),
    error: reject,
  });
});
flush();
const events = db.prepare('SELECT count(*) FROM events').pluck().get() as number;
const started = performance.now();
db.close();
insertMs += performance.now() - started;
process.stdout.write(`${JSON.stringify({ insertMs, events })}\n`);
