import { parentPort, workerData } from 'node:worker_threads';
import { copyDatabase, type CopyRequest } from '../backup/copy-database.ts';

// Copies the store off the main thread: the copy holds one read transaction for all its pages (a
// snapshot), which takes seconds on a large store; the window and the engine keep running meanwhile.
try {
  parentPort!.postMessage({ type: 'done', result: await copyDatabase(workerData as CopyRequest) });
} catch (error) {
  const { code, message } = error as { code?: unknown; message?: unknown };
  parentPort!.postMessage({ type: 'failed', error: { code: typeof code === 'string' ? code : 'internal', message: String(message ?? error) } });
}
