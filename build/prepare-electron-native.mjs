// Makes an Electron-ABI build of better-sqlite3 in build/native/, leaving node_modules/better-sqlite3 (Node ABI, for tests) untouched.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { nativeBinaryPath, nativePackageDir } from './native-layout.mjs';

const NETWORK_HINT = 'npm start needs network access once to fetch Electron and its SQLite build';

export function electronVersionOf(root) {
  return readJson(path.join(root, 'node_modules', 'electron', 'package.json')).version;
}

/**
 * Copies node_modules/better-sqlite3 to build/native/electron-<v>-<platform>-<arch>/better-sqlite3 and
 * there fetches the prebuilt binary for Electron (prebuild-install), or compiles it against Electron's
 * headers (node-gyp) when no prebuild exists. Returns the path of the `.node` file. Reuses a finished build.
 */
export function prepareElectronNative({ root, electronVersion = electronVersionOf(root), platform = process.platform, arch = process.arch, log = console.log }) {
  const source = path.join(root, 'node_modules', 'better-sqlite3');
  const sqliteVersion = readJson(path.join(source, 'package.json')).version;
  const target = { electronVersion, platform, arch };
  const dir = nativePackageDir(root, target);
  const binary = nativeBinaryPath(root, target);
  const stampFile = path.join(dir, '.shopfloor-native.json');
  const stamp = JSON.stringify({ electron: electronVersion, betterSqlite3: sqliteVersion, platform, arch });
  if (fs.existsSync(binary) && fs.existsSync(stampFile) && fs.readFileSync(stampFile, 'utf8') === stamp) return binary;

  log(`Preparing better-sqlite3 ${sqliteVersion} for Electron ${electronVersion} (${platform}-${arch})…`);
  fs.rmSync(dir, { recursive: true, force: true });
  const nodeBuild = path.join(source, 'build');
  fs.cpSync(source, dir, { recursive: true, filter: (file) => file !== nodeBuild && !file.startsWith(nodeBuild + path.sep) });

  const require = createRequire(path.join(root, 'package.json'));
  const prebuild = spawnSync(process.execPath, [
    require.resolve('prebuild-install/bin.js'), '--runtime', 'electron', '--target', electronVersion, '--platform', platform, '--arch', arch,
  ], { cwd: dir, stdio: 'inherit' });
  if (prebuild.status !== 0 || !fs.existsSync(binary)) {
    if (platform !== process.platform) fail(`no prebuilt better-sqlite3 for Electron ${electronVersion} on ${platform}-${arch}, and it cannot be compiled for another platform here`);
    log('No prebuilt binary could be fetched; compiling against Electron\'s headers with node-gyp…');
    const nodeGyp = resolveNodeGyp(require);
    if (!nodeGyp) fail('node-gyp was not found to compile better-sqlite3 for Electron');
    const build = spawnSync(process.execPath, [
      nodeGyp, 'rebuild', '--release', `--target=${electronVersion}`, `--arch=${arch}`, '--dist-url=https://electronjs.org/headers', '--runtime=electron',
    ], { cwd: dir, stdio: 'inherit' });
    if (build.status !== 0 || !fs.existsSync(binary)) fail(`better-sqlite3 ${sqliteVersion} for Electron ${electronVersion} could neither be downloaded nor compiled`);
  }
  fs.writeFileSync(stampFile, stamp);
  return binary;
}

function resolveNodeGyp(require) {
  try {
    return require.resolve('node-gyp/bin/node-gyp.js');
  } catch {
    return process.env.npm_config_node_gyp || null;
  }
}

function readJson(file) {
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}

function fail(reason) {
  throw new Error(`${NETWORK_HINT} (${reason}).`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    console.log(prepareElectronNative({ root: path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..') }));
  } catch (error) {
    console.error(`Shopfloor: ${error instanceof Error ? error.message : error}`);
    process.exit(1);
  }
}
