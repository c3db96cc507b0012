import { openStore } from '../../electron/core/store/open-store.ts';
import { posHeader } from '../fixtures/pos-csv.ts';

/**
 * The same-schema floor of a POS import: SQLite alone turning the generated export (already loaded
 * by `.import` into a table `pos`, one TEXT column per header) into the events the import writes —
 * the store's events table with its indexes, parameters built with json_object, the same dedup key —
 * in one INSERT … SELECT. What is left between it and `shopfloor import` is reading, decoding,
 * validating and the per-batch bookkeeping.
 */

/**
 * The store's own settings for a new file (see open-store.ts): they decide how costly each page write is.
 * No batches table here, so no foreign key to check (the shell's default; better-sqlite3 turns them on).
 */
export const floorPragmas = ['PRAGMA page_size = 16384;', 'PRAGMA journal_mode = WAL;', 'PRAGMA synchronous = NORMAL;', 'PRAGMA cache_size = -65536;', 'PRAGMA foreign_keys = OFF;'];

/** The events table and its indexes exactly as the store's migrations create them. */
export function eventsSchema(): string[] {
  const db = openStore(':memory:');
  try {
    return (db.prepare("SELECT sql FROM sqlite_schema WHERE tbl_name = 'events' AND sql IS NOT NULL ORDER BY type DESC, name").pluck().all() as string[]).map((sql) => `${sql};`);
  } finally {
    db.close();
  }
}

const column = (name: string) => `"${name}"`;
const [member, time, store, receipt, line, sku, product, qty, price, amount, payment] = posHeader.map(column);

/** One INSERT … SELECT from `pos` into events: times read as Asia/Tokyo (the bench's --tz), as the import does. */
export const floorInsert = `INSERT INTO events (batch_id, row_no, user_id, name, occurred_at, utc_offset, is_offline, params, dedup_key)
  SELECT 1, rowid + 1, ${member}, 'offline_purchase', (unixepoch(replace(${time}, '/', '-')) - 9 * 3600) * 1000, 540, 1,
    json_object('store_id', ${store}, 'receipt_no', ${receipt}, 'line_no', ${line}, 'sku', ${sku}, 'product_name', ${product},
      'payment_method', ${payment}, 'qty', CAST(${qty} AS INTEGER), 'unit_price', CAST(${price} AS INTEGER), 'amount', CAST(${amount} AS INTEGER)),
    json_array('pos', ${store}, ${receipt}, ${line})
  FROM pos WHERE ${member} <> ''
  ON CONFLICT (dedup_key) DO NOTHING;`;

/** The whole floor as a sqlite3 shell script: settings, schema, `.import` of the file, the insert. */
export function floorShellScript(csv: string): string {
  return [...floorPragmas, ...eventsSchema(), '.mode csv', `.import '${csv.replaceAll("'", "''")}' pos`, floorInsert, "SELECT count(*) FROM events;", ''].join('\n');
}
