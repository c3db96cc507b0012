import type { Db } from '../store/open-store.ts';

export interface UploadLag {
  /** p95 of ingested_at − occurred_at over recent offline events, in ms; null without offline data. */
  p95Ms: number | null;
  medianMs: number | null;
  events: number;
  /** The same per store (`store_id` of the event), for the lag chart and the journey check. */
  stores: Record<string, { p95Ms: number; medianMs: number; events: number }>;
}

const SAMPLE = 100_000;

function quantile(sorted: readonly number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

/** PRODUCT.md §4: the engine measures each source's upload lag from the data (recent committed offline events). */
export function measureUploadLag(db: Db): UploadLag {
  const rows = db.prepare(`SELECT b.committed_at - e.occurred_at AS lag, json_extract(e.params, '$.store_id') AS store FROM events e
      JOIN batches b ON b.id = e.batch_id WHERE b.status = 'committed' AND e.is_offline = 1 ORDER BY e.id DESC LIMIT ?`).raw().all(SAMPLE) as Array<[number, string | null]>;
  const all = rows.map(([lag]) => Math.max(0, lag)).sort((a, b) => a - b);
  const byStore = new Map<string, number[]>();
  for (const [lag, store] of rows) {
    const key = store ?? '(none)';
    const list = byStore.get(key);
    if (list) list.push(Math.max(0, lag));
    else byStore.set(key, [Math.max(0, lag)]);
  }
  return {
    p95Ms: all.length > 0 ? quantile(all, 0.95) : null,
    medianMs: all.length > 0 ? quantile(all, 0.5) : null,
    events: all.length,
    stores: Object.fromEntries([...byStore].sort(([a], [b]) => a.localeCompare(b)).map(([store, lags]) => {
      lags.sort((a, b) => a - b);
      return [store, { p95Ms: quantile(lags, 0.95), medianMs: quantile(lags, 0.5), events: lags.length }];
    })),
  };
}
