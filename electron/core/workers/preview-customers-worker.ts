import Database from 'better-sqlite3';
import { parentPort, workerData } from 'node:worker_threads';
import { previewCustomers, storeState, type PreviewNames } from '../journey/preview-customers.ts';

export interface PreviewCustomersData {
  file: string;
  names: PreviewNames;
  nativeBinding?: string;
}

export type PreviewCustomersReply = { ok: true; state: string; customers: string[] } | { ok: false; error: string };

// A preview's longest read, a sorted pass over every event, done on the second core while the main thread
// reads the profiles and the events themselves. Its own snapshot: the state read with it tells the main
// thread whether it saw the same data.
const { file, names, nativeBinding } = workerData as PreviewCustomersData;
let reply: PreviewCustomersReply;
try {
  const db = new Database(file, { readonly: true, fileMustExist: true, ...(nativeBinding ? { nativeBinding } : {}) });
  try {
    db.pragma('busy_timeout = 10000');
    reply = db.transaction((): PreviewCustomersReply => ({ ok: true, state: storeState(db), customers: previewCustomers(db, names) }))();
  } finally {
    db.close();
  }
} catch (error) {
  reply = { ok: false, error: error instanceof Error ? error.message : String(error) };
}
parentPort!.postMessage(reply);
