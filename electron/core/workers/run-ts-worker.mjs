// Development entry for worker threads: Node 20 workers do not inherit tsx from --import, so register it here.
import { register } from 'tsx/esm/api';
import { workerData } from 'node:worker_threads';

register();
await import(workerData.entry);
