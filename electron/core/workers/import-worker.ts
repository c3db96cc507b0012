import { parentPort, workerData } from 'node:worker_threads';
import { systemClock } from '../clock.ts';
import { isShopfloorError } from '../errors.ts';
import { importFile, type ImportOptions } from '../import/import-file.ts';
import { openStore } from '../store/open-store.ts';

/** Runs one import off the main thread, with its own connection; progress and the outcome go back as messages. */
interface WorkerInput {
  dbPath: string;
  nativeBinding?: string;
  options: Omit<ImportOptions, 'signal' | 'onProgress'>;
}

const input = workerData as WorkerInput;
const controller = new AbortController();
parentPort!.on('message', (message: { type: string }) => {
  if (message.type === 'cancel') controller.abort();
});

const db = openStore(input.dbPath, input.nativeBinding ? { nativeBinding: input.nativeBinding } : {});
try {
  let last = 0;
  const result = await importFile(db, systemClock, {
    ...input.options,
    signal: controller.signal,
    onProgress: (progress) => {
      const now = Date.now();
      if (now - last < 100) return;
      last = now;
      parentPort!.postMessage({ type: 'progress', progress });
    },
  });
  parentPort!.postMessage({ type: 'done', batchId: result.id });
} catch (error) {
  parentPort!.postMessage({
    type: 'failed',
    error: isShopfloorError(error)
      ? { code: error.code, message: error.describe(), ...error.location }
      : { code: 'internal', message: error instanceof Error ? error.message : String(error) },
  });
} finally {
  db.close();
}
