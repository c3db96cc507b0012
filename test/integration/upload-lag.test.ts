import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lagSample, type LagSample } from '../../electron/core/journey/lag-sample.ts';
import { measureUploadLag } from '../../electron/core/journey/upload-lag.ts';
import { openStore, type Db } from '../../electron/core/store/open-store.ts';
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

  it('kept on a connection, follows the batches committed since, dropping the oldest, and is read again after a rollback or an erasure', () => {
    const file = path.join(tempDir(), 'store.db');
    const db = openStore(file);
    const batch = db.prepare(`INSERT INTO batches (kind, file, path, file_size, format, encoding, headers, mapping, layout_key, status, rows, accepted, created_at, committed_at, commit_seq)
        VALUES ('pos', 'f.csv', '/f.csv', 0, 'csv', 'utf-8', '[]', '{}', 'k', 'staged', 0, 0, 0, NULL, NULL)`);
    const commit = db.prepare(`UPDATE batches SET status = 'committed', accepted = ?, committed_at = ?, commit_seq = (SELECT coalesce(max(commit_seq), 0) + 1 FROM batches) WHERE id = ?`);
    const event = db.prepare(`INSERT INTO events (batch_id, row_no, user_id, name, occurred_at, utc_offset, is_offline, params, dedup_key)
        VALUES (?, ?, ?, 'offline_purchase', ?, 0, 1, ?, ?)`);
    let row = 0;
    const stage = (lines: number, store: string): number => {
      const id = Number(batch.run().lastInsertRowid);
      for (let line = 0; line < lines; line++, row++) event.run(id, row, `U${line % 4}`, 1_000_000 + row * 997, JSON.stringify({ store_id: store }), `d${row}`);
      return id;
    };
    const asSet = (sample: LagSample): string[] => [...sample.ids].map((id, index) => `${id}:${sample.lags[index]}:${sample.stores[sample.store[index]!]}`).sort();
    const another = (before: (other: Db) => void = () => undefined): string[] => {
      const other = openStore(file) as Db;
      try {
        before(other);
        return asSet(lagSample(other, 50));
      } finally {
        other.close();
      }
    };
    // From nothing: without the sample the store keeps.
    const fresh = (): string[] => another((other) => other.prepare('DELETE FROM upload_lag_sample').run());
    // Staged early (low event ids), committed last: its events still count, by id.
    const early = stage(20, 'S09');
    commit.run(30, 90_000_000, stage(30, 'S01'));
    expect(asSet(lagSample(db, 50))).toEqual(fresh());
    commit.run(15, 95_000_000, stage(15, 'S02'));
    commit.run(20, 99_000_000, early);
    // The newest 50 of 85: the first S01 lines fall out, and the early batch's lines (lower ids) too.
    const after = asSet(lagSample(db, 50));
    expect(after).toHaveLength(50);
    expect(after).toEqual(fresh());
    db.prepare("UPDATE batches SET status = 'rolled_back', rolled_back_at = 1 WHERE id = ?").run(early);
    db.prepare('DELETE FROM events WHERE batch_id = ?').run(early);
    expect(asSet(lagSample(db, 50))).toEqual(fresh());
    db.prepare("DELETE FROM events WHERE user_id = 'U1'").run();
    db.prepare("INSERT INTO erasures (user_hash, at, counts) VALUES ('h', 2, '{}')").run();
    expect(asSet(lagSample(db, 50))).toEqual(fresh());
    expect(fresh().length).toBeLessThan(50);

    // Another process starts from the sample kept in the store, and brings it up to date.
    commit.run(5, 120_000_000, stage(5, 'S03'));
    const kept = db.prepare('SELECT * FROM upload_lag_sample').get() as Record<string, unknown>;
    const restoreKept = (): void => {
      db.prepare('UPDATE upload_lag_sample SET size = @size, commit_seq = @commit_seq, removals = @removals, ids = @ids, lags = @lags, store = @store, stores = @stores').run(kept);
    };
    // (Its store names marked, to see it was the start.)
    expect(another((other) => other.prepare("UPDATE upload_lag_sample SET stores = replace(stores, 'S02', 'kept')").run()).join()).toContain(':kept');
    restoreKept();
    expect(another()).toEqual(fresh());
    // A store replaced under this connection (a restore) brings its own sample: the one in memory is not used.
    expect(asSet(lagSample(db, 50))).toEqual(fresh());
    db.prepare("UPDATE upload_lag_sample SET taken = 'restored', stores = replace(stores, 'S02', 'restored')").run();
    expect(asSet(lagSample(db, 50)).join()).toContain(':restored');
    // One that does not hold together (a crafted backup) is read again.
    db.prepare("UPDATE upload_lag_sample SET taken = 'crafted', stores = '[]'").run();
    expect(asSet(lagSample(db, 50))).toEqual(fresh());
    db.prepare("UPDATE upload_lag_sample SET taken = 'crafted', stores = 'not json'").run();
    expect(asSet(lagSample(db, 50))).toEqual(fresh());
    // One from a later commit than the store's (the store was restored from a backup) is not.
    db.prepare('UPDATE upload_lag_sample SET commit_seq = 999, stores = replace(stores, \'S02\', \'later\')').run();
    expect(another()).toEqual(fresh());
    db.close();
  });
});
