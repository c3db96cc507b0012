// `npm start`: Node check → build main/preload/renderer → Electron build of better-sqlite3 → Electron binary → `electron .`
import { spawn, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { buildApp, ROOT } from './build-app.mjs';
import { prepareElectronNative } from './prepare-electron-native.mjs';
import { requireNode } from './require-node.mjs';

const NETWORK_HINT = 'npm start needs network access once to fetch Electron and its SQLite build';

requireNode('22.12.0', 'npm start', "Electron 45's binary downloader, @electron/get, declares it");

try {
  await buildApp(ROOT);
  prepareElectronNative({ root: ROOT });
} catch (error) {
  console.error(`Shopfloor: ${error instanceof Error ? error.message : error}`);
  process.exit(1);
}

const require = createRequire(path.join(ROOT, 'package.json'));
// electron's own installer: a no-op once the binary for this version is in node_modules/electron/dist.
const install = spawnSync(process.execPath, [require.resolve('electron/install.js')], { cwd: ROOT, stdio: 'inherit' });
if (install.status !== 0) {
  console.error(`Shopfloor: ${NETWORK_HINT} (the Electron binary could not be downloaded).`);
  process.exit(1);
}

const env = { ...process.env };
// Set by some tools and terminals; it would make Electron behave as plain Node.
delete env.ELECTRON_RUN_AS_NODE;
const child = spawn(process.execPath, [require.resolve('electron/cli.js'), '.', ...process.argv.slice(2)], { cwd: ROOT, stdio: 'inherit', env });
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
