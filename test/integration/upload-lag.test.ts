import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { measureUploadLag } from '../../electron/core/journey/upload-lag.ts';
import { openStore } from '../../electron/core/store/open-store.ts';
import { useTempDir } from '../helpers/temp-dir.ts';

const tempDir = useTempDir();

/** The quantile as PRODUCT.md §4 defines it for the lag: the value at floor(q × n) of the sorted lags. */
function quantile(lags: number[], q: number): number {
  const sorted = [...lags].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

describe('measured upload lag', () => {
  it('is the p95 and median of the newest committed offline events, overall and per store, uploads before the purchase counting as 0', () => {
    const db = openStore(path.join(tempDir(), 'store.db'));
    const batch = db.prepare(`INSERT INTO batches (kind, file, path, file_size, format, encoding, headers, mapping, layout_key, status, rows, accepted, created_at, committed_at, commit_seq)
        VALUES ('pos', 'f.csv', '/f.csv', 0, 'csv', 'utf-8', '[]', '{}', 'k', ?, 0, 0, 0, ?, ?)`);
    const event = db.prepare(`INSERT INTO events (batch_id, row_no, user_id, name, occurred_at, utc_offset, is_offline, params, dedup_key)
        VALUES (?, ?, 'U1', ?, ?, 0, ?, ?, ?)`);
    const expected: Record<string, number[]> = {};
    let row = 0;
    // Three committed uploads and one staged: lags differ by store, a few events have no store, one store's id is a number.
    for (const [index, status] of (['committed', 'committed', 'staged', 'committed'] as const).entries()) {
      const committedAt = 1_000_000_000 + index * 86_400_000;
      const id = Number(batch.run(status, committedAt, index + 1).lastInsertRowid);
      for (let line = 0; line < 60; line++) {
        const store = line % 10 === 9 ? undefined : line % 3 === 0 ? 12 : `S0${line % 3}`;
        // Store S01's registers upload quickly; the others take hours; some lines are dated after the upload.
        const lag = line % 17 === 0 ? -60_000 : (store === 'S01' ? 60_000 : 3_600_000) * (1 + ((line * 7 + index * 13) % 29));
        event.run(id, row, 'offline_purchase', committedAt - lag, 1, JSON.stringify(store === undefined ? { amount: 1 } : { store_id: store }), `d${row++}`);
        if (status === 'committed') (expected[store === undefined ? '(none)' : String(store)] ??= []).push(Math.max(0, lag));
      }
      // An online event in the same upload is not a store's lag.
      event.run(id, row, 'page_view', committedAt - 5, 0, '{}', `d${row++}`);
    }
    const all = Object.values(expected).flat();
    expect(measureUploadLag(db)).toEqual({
      p95Ms: quantile(all, 0.95),
      medianMs: quantile(all, 0.5),
      events: all.length,
      stores: Object.fromEntries(Object.entries(expected).sort(([a], [b]) => a.localeCompare(b))
        .map(([store, lags]) => [store, { p95Ms: quantile(lags, 0.95), medianMs: quantile(lags, 0.5), events: lags.length }])),
    });
    db.close();
  });
});
