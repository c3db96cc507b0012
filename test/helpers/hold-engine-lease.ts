// A process that takes the store's engine lease and keeps it until it is killed (`hold-engine-lease.ts DB`).
import { EngineLease } from '../../electron/core/scheduler/engine-lease.ts';
import { openStore } from '../../electron/core/store/open-store.ts';

const db = openStore(process.argv[2]!);
await new EngineLease(db).acquire(0);
process.stdout.write('held\n');
setInterval(() => undefined, 60_000);
