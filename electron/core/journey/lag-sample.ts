import crypto from 'node:crypto';
import type { Db } from '../store/open-store.ts';

/** The newest committed offline events' upload lags, ordered by event id: event i has id `ids[i]`, lag `lags[i]` (ms, ≥ 0), store `stores[store[i]]`. */
export interface LagSample {
  ids: Float64Array;
  lags: Float64Array;
  store: Int32Array;
  stores: string[];
}

interface Kept {
  /** The mark of the sample kept in the store that this one is (see upload_lag_sample.taken). */
  taken: string;
  size: number;
  /** Rollbacks and erasures remove events: after one, the sample is read again. */
  removals: string;
  commitSeq: number;
  sample: LagSample;
}

// Per open store (and kept in it): the sample as of a commit. Batches only add events until a rollback or an erasure, so
// the next sample is the newest of this one and the events committed since (a daily upload: a few rows).
const kept = new WeakMap<Db, Kept>();

// An event's lag (uploads dated before the purchase count as 0) and store.
const lagColumns = `e.id, max(0, b.committed_at - e.occurred_at) AS lag, coalesce(CAST(json_extract(e.params, '$.store_id') AS TEXT), '(none)') AS store`;

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

interface StoredSample {
  taken: string;
  size: number;
  commit_seq: number;
  removals: string;
  ids: Buffer;
  lags: Buffer;
  store: Buffer;
  stores: string;
}

function bytes(array: Float64Array | Int32Array): Buffer {
  return Buffer.from(array.buffer, array.byteOffset, array.byteLength);
}

/** The stored sample decoded, or null when it does not hold together (a crafted backup restored: read again instead). */
function decoded(row: StoredSample): LagSample | null {
  const stores = JSON.parse(row.stores) as unknown;
  const count = row.ids.length / 8;
  if (!Array.isArray(stores) || !stores.every((name) => typeof name === 'string') || !Number.isInteger(count)
    || row.lags.length !== row.ids.length || row.store.length !== count * 4) return null;
  // Copied: a Buffer's bytes need not be aligned for a typed array view.
  const sample = {
    ids: new Float64Array(Uint8Array.from(row.ids).buffer), lags: new Float64Array(Uint8Array.from(row.lags).buffer),
    store: new Int32Array(Uint8Array.from(row.store).buffer), stores: stores as string[],
  };
  const ordered = sample.ids.every((id, index) => index === 0 || id > sample.ids[index - 1]!);
  const inRange = sample.store.every((store) => store >= 0 && store < stores.length);
  return ordered && inRange ? sample : null;
}

/** The sample this store keeps (upload_lag_sample), when it was taken the same way (same size). */
function storedSample(db: Db, size: number): Kept | undefined {
  const row = db.prepare('SELECT taken, size, commit_seq, removals, ids, lags, store, stores FROM upload_lag_sample WHERE id = 1').get() as StoredSample | undefined;
  if (row?.size !== size) return undefined;
  let sample: LagSample | null = null;
  try {
    sample = decoded(row);
  } catch {
    // stores is not JSON: as if nothing were kept.
  }
  return sample === null ? undefined : { taken: row.taken, size, removals: row.removals, commitSeq: row.commit_seq, sample };
}

function storeSample(db: Db, kept: Kept): void {
  if (db.readonly) return;
  try {
    db.prepare(`INSERT INTO upload_lag_sample (id, taken, size, commit_seq, removals, ids, lags, store, stores) VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT (id) DO UPDATE SET taken = excluded.taken, size = excluded.size, commit_seq = excluded.commit_seq, removals = excluded.removals,
          ids = excluded.ids, lags = excluded.lags, store = excluded.store, stores = excluded.stores`)
      .run(kept.taken, kept.size, kept.commitSeq, kept.removals, bytes(kept.sample.ids), bytes(kept.sample.lags), bytes(kept.sample.store), JSON.stringify(kept.sample.stores));
  } catch (error) {
    // Keeping the sample only saves the next process time: a store busy with another writer goes without.
    if ((error as { code?: string }).code !== 'SQLITE_BUSY') throw error;
  }
}

/**
 * The upload lags of the newest `size` committed offline events (by event id), brought up to date from
 * the events committed since the sample kept on this connection or in the store, where nothing was
 * removed meanwhile (a rollback, an erasure: then read again).
 */
export function lagSample(db: Db, size: number): LagSample {
  const state = db.prepare(`SELECT coalesce(max(commit_seq), 0) AS seq,
      total(status = 'rolled_back') || '.' || coalesce(max(rolled_back_at), 0) || '.' || (SELECT count(*) FROM erasures) AS removals FROM batches`).get() as
    { seq: number; removals: string };
  // A sample from a later commit than the store's (a restored backup) or taken otherwise is no start.
  const usable = (candidate: Kept | undefined): candidate is Kept =>
    candidate !== undefined && candidate.size === size && candidate.removals === state.removals && candidate.commitSeq <= state.seq;
  // The one in memory is the store's own unless the store was replaced under this connection (a restore).
  const taken = db.prepare('SELECT taken FROM upload_lag_sample WHERE id = 1').pluck().get() as string | undefined;
  const inMemory = kept.get(db);
  const previous = usable(inMemory) && inMemory.taken === taken ? inMemory : storedSample(db, size);
  if (usable(previous) && previous.commitSeq === state.seq) {
    kept.set(db, previous);
    return previous.sample;
  }
  let sample: LagSample;
  const added = usable(previous)
    ? db.prepare("SELECT total(accepted) FROM batches WHERE commit_seq > ? AND status = 'committed'").pluck().get(previous.commitSeq) as number
    : Infinity;
  if (usable(previous) && added <= size) {
    // CROSS JOIN: the new batches first, then their events by batch (an index seek each).
    const since = readGrouped(db, `SELECT ${lagColumns}
        FROM batches b CROSS JOIN events e ON e.batch_id = b.id WHERE b.commit_seq > ? AND b.status = 'committed' AND e.is_offline = 1`, previous.commitSeq);
    sample = newest(previous.sample, byId(since), size);
  } else {
    // CROSS JOIN keeps events the outer loop, read newest first: joined the other way round, SQLite read every
    // event of every committed batch and sorted them all to keep the newest (seconds at a million events).
    sample = byId(readGrouped(db, `SELECT ${lagColumns}
        FROM events e CROSS JOIN batches b ON b.id = e.batch_id WHERE b.status = 'committed' AND e.is_offline = 1 ORDER BY e.id DESC LIMIT ?`, size));
  }
  const next: Kept = { taken: crypto.randomUUID(), size, removals: state.removals, commitSeq: state.seq, sample };
  kept.set(db, next);
  storeSample(db, next);
  return sample;
}
