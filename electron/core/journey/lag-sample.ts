import type { Db } from '../store/open-store.ts';

/** The newest committed offline events' upload lags, ordered by event id: event i has id `ids[i]`, lag `lags[i]` (ms, ≥ 0), store `stores[store[i]]`. */
export interface LagSample {
  ids: Float64Array;
  lags: Float64Array;
  store: Int32Array;
  stores: string[];
}

interface Kept {
  /** Rollbacks and erasures remove events: after one, the sample is read again. */
  removals: string;
  commitSeq: number;
  sample: LagSample;
}

// Per open store: the sample as of a commit. Batches only add events until a rollback or an erasure, so
// the next sample is the newest of this one and the events committed since (a daily upload: a few rows).
const kept = new WeakMap<Db, Kept>();

const offlineEvents = `SELECT e.id, max(0, b.committed_at - e.occurred_at) AS lag,
    coalesce(CAST(json_extract(e.params, '$.store_id') AS TEXT), '(none)') AS store
  FROM events e CROSS JOIN batches b ON b.id = e.batch_id WHERE b.status = 'committed' AND e.is_offline = 1`;

/** Rows grouped by store, each as comma-joined ids and lags: a row per event cost more than reading the events. */
function readGrouped(db: Db, sql: string, ...params: unknown[]): LagSample {
  const rows = db.prepare(`SELECT store, group_concat(id), group_concat(lag) FROM (${sql}) GROUP BY store`).raw().all(...params) as Array<[string, string, string]>;
  const ids = rows.map(([, list]) => Float64Array.from(list.split(','), Number));
  const lags = rows.map(([, , list]) => Float64Array.from(list.split(','), Number));
  const store = rows.map((_, index) => new Int32Array(ids[index]!.length).fill(index));
  return { ids: concat(ids), lags: concat(lags), store: Int32Array.from(concat(store)), stores: rows.map(([name]) => name) };
}

function concat(parts: ArrayLike<number>[]): Float64Array {
  const all = new Float64Array(parts.reduce((count, part) => count + part.length, 0));
  parts.reduce((offset, part) => {
    all.set(part, offset);
    return offset + part.length;
  }, 0);
  return all;
}

/** The same sample ordered by event id. */
function byId(sample: LagSample): LagSample {
  const order = Uint32Array.from(sample.ids.keys()).sort((a, b) => sample.ids[a]! - sample.ids[b]!);
  return {
    ids: Float64Array.from(order, (index) => sample.ids[index]!), lags: Float64Array.from(order, (index) => sample.lags[index]!),
    store: Int32Array.from(order, (index) => sample.store[index]!), stores: sample.stores,
  };
}

/** The newest `size` of two samples (each ordered by event id) taken together, ordered by event id. */
function newest(old: LagSample, added: LagSample, size: number): LagSample {
  const stores = [...old.stores];
  const storeIndex = new Map(stores.map((name, index) => [name, index]));
  const addedStore = Int32Array.from(added.store, (index) => {
    const name = added.stores[index]!;
    if (!storeIndex.has(name)) storeIndex.set(name, stores.push(name) - 1);
    return storeIndex.get(name)!;
  });
  const length = Math.min(size, old.ids.length + added.ids.length);
  const merged: LagSample = { ids: new Float64Array(length), lags: new Float64Array(length), store: new Int32Array(length), stores };
  // Merged from the newest down, so the oldest fall off the end.
  let left = old.ids.length - 1;
  let right = added.ids.length - 1;
  for (let at = length - 1; at >= 0; at--) {
    if (right < 0 || (left >= 0 && old.ids[left]! > added.ids[right]!)) {
      merged.ids[at] = old.ids[left]!;
      merged.lags[at] = old.lags[left]!;
      merged.store[at] = old.store[left--]!;
    } else {
      merged.ids[at] = added.ids[right]!;
      merged.lags[at] = added.lags[right]!;
      merged.store[at] = addedStore[right--]!;
    }
  }
  return merged;
}

/**
 * The upload lags of the newest `size` committed offline events (by event id), brought up to date from
 * the events committed since the last call on this connection where nothing was removed meanwhile.
 */
export function lagSample(db: Db, size: number): LagSample {
  const state = db.prepare(`SELECT coalesce(max(commit_seq), 0) AS seq,
      total(status = 'rolled_back') || '.' || coalesce(max(rolled_back_at), 0) || '.' || (SELECT count(*) FROM erasures) AS removals FROM batches`).get() as
    { seq: number; removals: string };
  const previous = kept.get(db);
  let sample: LagSample;
  const added = previous?.removals === state.removals
    ? db.prepare("SELECT total(accepted) FROM batches WHERE commit_seq > ? AND status = 'committed'").pluck().get(previous.commitSeq) as number
    : Infinity;
  if (previous && added <= size) {
    // CROSS JOIN: the new batches first, then their events by batch (an index seek each).
    const since = readGrouped(db, `SELECT e.id, max(0, b.committed_at - e.occurred_at) AS lag, coalesce(CAST(json_extract(e.params, '$.store_id') AS TEXT), '(none)') AS store
        FROM batches b CROSS JOIN events e ON e.batch_id = b.id WHERE b.commit_seq > ? AND b.status = 'committed' AND e.is_offline = 1`, previous.commitSeq);
    sample = newest(previous.sample, byId(since), size);
  } else {
    // CROSS JOIN keeps events the outer loop, read newest first: joined the other way round, SQLite read every
    // event of every committed batch and sorted them all to keep the newest (seconds at a million events).
    sample = byId(readGrouped(db, `${offlineEvents} ORDER BY e.id DESC LIMIT ?`, size));
  }
  kept.set(db, { removals: state.removals, commitSeq: state.seq, sample });
  return sample;
}
