import path from 'node:path';
import { parseArgs } from 'node:util';
import { defaultDatabasePath } from '../paths.ts';
import { startHarness } from './harness-server.ts';
import { startCoreHost } from './start-core-host.ts';

// `npm run dev:web -- [--port N] [--db PATH] [--folder-dialog DIR]`: the UI in a browser, on the same core, for tests and development.
// A browser cannot pick a folder's path: --folder-dialog DIR is what the stand-in for the app's folder dialog answers.
const { values } = parseArgs({ options: { port: { type: 'string' }, db: { type: 'string' }, 'tick-ms': { type: 'string' }, 'folder-dialog': { type: 'string' } } });
const dbPath = path.resolve(values.db ?? defaultDatabasePath());
const core = startCoreHost({
  dbPath, harness: true, version: process.env.npm_package_version ?? '0.0.0', locale: Intl.DateTimeFormat().resolvedOptions().locale,
  schedulerIntervalMs: values['tick-ms'] === undefined ? 15_000 : Number(values['tick-ms']),
});
const folderDialog = values['folder-dialog'];
const harness = await startHarness(core, {
  port: values.port === undefined ? 0 : Number(values.port),
  staticDir: path.resolve(import.meta.dirname, '../../../dist/renderer'),
  ...(folderDialog === undefined ? {} : { chooseFolder: async () => path.resolve(folderDialog) }),
});
process.stdout.write(`Shopfloor (browser harness) on ${dbPath}\n${harness.url}\n`);

const stop = async () => {
  await harness.close();
  await core.close();
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
