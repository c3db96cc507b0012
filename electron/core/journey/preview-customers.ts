import type { Db } from '../store/open-store.ts';

/** The events a preview reads, by name: only offline (true), only online (false), or both (null). */
export type PreviewNames = ReadonlyArray<readonly [name: string, offline: boolean | null]>;

/** A WHERE clause (and its values) matching events of these names. */
export function namesFilter(names: PreviewNames): { where: string; values: Array<string | number> } {
  return {
    where: names.map(([, offline]) => (offline === null ? '(name = ?)' : '(name = ? AND is_offline = ?)')).join(' OR '),
    values: names.flatMap(([name, offline]) => (offline === null ? [name] : [name, offline ? 1 : 0])),
  };
}

/**
 * What a preview's data depends on, read from the store: two reads give the same text only if no upload
 * was committed, staged or rolled back, no profile changed and nobody was erased in between.
 */
export function storeState(db: Db): string {
  const state = db.prepare(`SELECT (SELECT max(commit_seq) FROM batches), (SELECT max(rolled_back_at) FROM batches),
      (SELECT count(*) FROM users), (SELECT max(updated_at) FROM users), (SELECT count(*) FROM events),
      (SELECT max(id) FROM erasures)`).raw().get() as unknown[];
  return state.join('|');
}

/**
 * Every user with a committed event of these names, whenever it happened, in the order of their first
 * one (by id): who a segment can take in, and the order in which events arriving together reach the
 * engine, as with every event loaded. One pass over the whole events table, sorted by user.
 */
export function previewCustomers(db: Db, names: PreviewNames): string[] {
  if (names.length === 0) return [];
  const { where, values } = namesFilter(names);
  return db.prepare(`SELECT user_id FROM events WHERE (${where}) AND batch_id IN (SELECT id FROM batches WHERE status = 'committed')
      GROUP BY user_id ORDER BY min(id)`).pluck().all(...values) as string[];
}
