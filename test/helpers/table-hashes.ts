import crypto from 'node:crypto';
import Database from 'better-sqlite3';

export const dataTables = ['batches', 'batch_rows', 'events', 'users', 'profile_changes', 'journeys', 'journey_runs', 'messages', 'message_attempts'] as const;

/** Row count and a content hash (every row, in rowid order) of each table of a store file. */
export function tableHashes(file: string, tables: readonly string[] = dataTables): Record<string, { rows: number; hash: string }> {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return Object.fromEntries(tables.map((table) => {
      const hash = crypto.createHash('sha256');
      let rows = 0;
      for (const row of db.prepare(`SELECT * FROM "${table}" ORDER BY rowid`).raw().iterate() as IterableIterator<unknown[]>) {
        hash.update(JSON.stringify(row));
        hash.update('\n');
        rows += 1;
      }
      return [table, { rows, hash: hash.digest('hex') }];
    }));
  } finally {
    db.close();
  }
}
