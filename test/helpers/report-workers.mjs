import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import workerThreads from 'node:worker_threads';

// Loaded with --import in a child process a test watches: reports the script (and heap cap) of every worker thread it starts.
const { Worker } = workerThreads;
workerThreads.Worker = class extends Worker {
  constructor(script, options) {
    fs.writeSync(2, `worker_script=${script instanceof URL ? script.href : script}\n`);
    const heap = options?.resourceLimits?.maxOldGenerationSizeMb;
    if (heap !== undefined) fs.writeSync(2, `worker_heap_mb=${heap}\n`);
    super(script, options);
  }
};
syncBuiltinESMExports();
