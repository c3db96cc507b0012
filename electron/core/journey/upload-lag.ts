import type { Db } from '../store/open-store.ts';
import { lagSample } from './lag-sample.ts';

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
  const sample = lagSample(db, SAMPLE);
  const byStore = sample.stores.map((): number[] => []);
  sample.store.forEach((store, index) => byStore[store]!.push(sample.lags[index]!));
  const stores = sample.stores.map((name, index): [string, Float64Array] => [name, Float64Array.from(byStore[index]!).sort()])
    .filter(([, lags]) => lags.length > 0);
  const all = Float64Array.from(sample.lags).sort();
  return {
    p95Ms: all.length > 0 ? quantile(all, 0.95) : null,
    medianMs: all.length > 0 ? quantile(all, 0.5) : null,
    events: all.length,
    stores: Object.fromEntries(stores.sort(([a], [b]) => a.localeCompare(b))
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
