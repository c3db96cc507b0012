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

function quantile(sorted: Float64Array, q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

/** PRODUCT.md §4: the engine measures each source's upload lag from the data (recent committed offline events). */
export function measureUploadLag(db: Db): UploadLag {
  // CROSS JOIN keeps events the outer loop, read newest first: joined the other way round, SQLite read every
  // event of every committed batch and sorted them all to keep the last 100,000 (seconds at a million events).
  // The lags leave SQLite as one list per store: a row per event cost more than reading the events.
  const rows = db.prepare(`SELECT store, group_concat(lag) FROM (
        SELECT max(0, b.committed_at - e.occurred_at) AS lag, coalesce(CAST(json_extract(e.params, '$.store_id') AS TEXT), '(none)') AS store
        FROM events e CROSS JOIN batches b ON b.id = e.batch_id WHERE b.status = 'committed' AND e.is_offline = 1 ORDER BY e.id DESC LIMIT ?)
      GROUP BY store`).raw().all(SAMPLE) as Array<[string, string]>;
  const byStore = rows.map(([store, lags]): [string, Float64Array] => [store, Float64Array.from(lags.split(','), Number).sort()]);
  const all = new Float64Array(byStore.reduce((count, [, lags]) => count + lags.length, 0));
  byStore.reduce((offset, [, lags]) => {
    all.set(lags, offset);
    return offset + lags.length;
  }, 0);
  all.sort();
  return {
    p95Ms: all.length > 0 ? quantile(all, 0.95) : null,
    medianMs: all.length > 0 ? quantile(all, 0.5) : null,
    events: all.length,
    stores: Object.fromEntries(byStore.sort(([a], [b]) => a.localeCompare(b))
      .map(([store, lags]) => [store, { p95Ms: quantile(lags, 0.95), medianMs: quantile(lags, 0.5), events: lags.length }])),
  };
}

// A store with only a handful of events says little about how late it uploads.
const MIN_EVENTS_PER_STORE = 20;

export interface DesignLag {
  ms: number;
  source: 'given' | 'measured' | 'default';
  /** The store whose lag was taken: the slowest one, since a journey reaches customers of every store. */
  store?: string;
}

/** The upload lag the journey check designs for: the one given, else the slowest store's p95, else a day. */
export function designLag(db: Db, givenMs?: number): DesignLag {
  if (givenMs !== undefined) return { ms: givenMs, source: 'given' };
  const measured = measureUploadLag(db);
  const slowest = Object.entries(measured.stores)
    .filter(([, store]) => store.events >= MIN_EVENTS_PER_STORE)
    .sort(([, a], [, b]) => b.p95Ms - a.p95Ms)[0];
  if (slowest) return { ms: slowest[1].p95Ms, source: 'measured', store: slowest[0] };
  if (measured.p95Ms !== null) return { ms: measured.p95Ms, source: 'measured' };
  return { ms: 86_400_000, source: 'default' };
}
