import Database from 'better-sqlite3';
import { parentPort, workerData } from 'node:worker_threads';

export interface CheckpointWorkerData {
  file: string;
  everyMs: number;
  nativeBinding?: string;
}

// Copies the store's WAL back into the database file on its own thread while another thread writes
// many small transactions (the dispatcher): done by the writer at its commits, each copy and its fsync
// cost the writer as much as its own work. PASSIVE never waits for, nor blocks, the writer or readers.
const { file, everyMs, nativeBinding } = workerData as CheckpointWorkerData;
const db = new Database(file, { fileMustExist: true, ...(nativeBinding ? { nativeBinding } : {}) });
const checkpoint = (): void => {
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch {
    // Busy or interrupted: the next one copies what this one did not.
  }
};
const timer = setInterval(checkpoint, everyMs);
parentPort!.once('message', () => {
  clearInterval(timer);
  checkpoint();
  db.close();
  parentPort!.close();
});
