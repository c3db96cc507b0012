import { processIo } from './cli/cli-io.ts';
import { runCli } from './cli/program.ts';

// The `shopfloor` command line (also `npm run cli -- …`).
process.exitCode = await runCli(process.argv.slice(2), processIo);
