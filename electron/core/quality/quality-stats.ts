import { measureUploadLag } from '../journey/upload-lag.ts';
import type { Db } from '../store/open-store.ts';

export interface StoreStats {
  store: string;
  rows: number;
  missing_user_id: number;
  rate: number;
  lag_p95_ms: number | null;
  lag_median_ms: number | null;
  events: number;
}

/** Per store: the missing-user_id rate over its imports, and its upload lag (for the timeline's charts). */
export function qualityStats(db: Db): StoreStats[] {
  const totals = new Map<string, { rows: number; missing: number }>();
  const batches = db.prepare("SELECT stores FROM batches WHERE status IN ('staged', 'committed')").pluck().all() as string[];
  for (const text of batches) {
    for (const [store, quality] of Object.entries(JSON.parse(text) as Record<string, { rows: number; missing_user_id: number }>)) {
      const total = totals.get(store) ?? { rows: 0, missing: 0 };
      total.rows += quality.rows;
      total.missing += quality.missing_user_id;
      totals.set(store, total);
    }
  }
  const lag = measureUploadLag(db);
  const stores = new Set([...totals.keys(), ...Object.keys(lag.stores)]);
  return [...stores].sort().map((store) => {
    const total = totals.get(store) ?? { rows: 0, missing: 0 };
    const storeLag = Object.prototype.hasOwnProperty.call(lag.stores, store) ? lag.stores[store] : undefined;
    return {
      store, rows: total.rows, missing_user_id: total.missing, rate: total.rows > 0 ? total.missing / total.rows : 0,
      lag_p95_ms: storeLag?.p95Ms ?? null, lag_median_ms: storeLag?.medianMs ?? null, events: storeLag?.events ?? 0,
    };
  });
}
