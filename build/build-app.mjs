// Builds what Electron runs: dist/main (main process + import worker), dist/preload, dist/renderer (vite).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Main, preload and workers with esbuild, into `outDir` (dist/main, dist/preload). */
export async function buildShell(root = ROOT, outDir = path.join(root, 'dist')) {
  fs.rmSync(path.join(outDir, 'main'), { recursive: true, force: true });
  fs.rmSync(path.join(outDir, 'preload'), { recursive: true, force: true });
  const common = { absWorkingDir: root, bundle: true, sourcemap: 'linked', logLevel: 'warning', legalComments: 'none' };

  await build({
    ...common,
    entryPoints: ['electron/main/index.ts'],
    outfile: path.join(outDir, 'main', 'index.cjs'),
    platform: 'node',
    format: 'cjs',
    target: 'node22',
    external: ['electron', 'better-sqlite3'],
    // The core resolves files relative to import.meta.url, which CommonJS lacks: give it this file's URL.
    define: { 'import.meta.url': '__shopfloorImportMetaUrl' },
    banner: { js: "const __shopfloorImportMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
  });

  // Sandboxed preloads can only require('electron'): one self-contained CommonJS file.
  await build({
    ...common,
    entryPoints: ['electron/preload/index.ts'],
    outfile: path.join(outDir, 'preload', 'index.cjs'),
    platform: 'browser',
    format: 'cjs',
    target: 'es2022',
    external: ['electron'],
  });

  // Worker threads of the core (electron/core/workers/*.ts; run-ts-worker.mjs is the development loader).
  // ESM because the import worker awaits at top level; self-contained (better-sqlite3's JS included, its
  // .node file passed as nativeBinding) because it runs from app.asar.unpacked, outside the archive's node_modules.
  const workers = fs.readdirSync(path.join(root, 'electron', 'core', 'workers')).filter((name) => name.endsWith('.ts'));
  for (const name of workers) {
    await build({
      ...common,
      entryPoints: [`electron/core/workers/${name}`],
      outfile: path.join(outDir, 'main', 'workers', name.replace(/\.ts$/, '.mjs')),
      platform: 'node',
      format: 'esm',
      target: 'node22',
      external: ['electron'],
      banner: { js: "import { createRequire as __shopfloorCreateRequire } from 'node:module'; const require = __shopfloorCreateRequire(import.meta.url);" },
    });
  }
}

/** The UI with `vite build` (vite.config.ts: root renderer/, out dist/renderer). */
export function buildRenderer(root = ROOT) {
  if (!fs.existsSync(path.join(root, 'renderer', 'index.html'))) throw new Error('renderer/index.html is missing: there is no UI to build yet');
  const viteDir = path.dirname(createRequire(path.join(root, 'package.json')).resolve('vite/package.json'));
  const vite = path.join(viteDir, 'bin', 'vite.js');
  const result = spawnSync(process.execPath, [vite, 'build', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) throw new Error('vite build failed (see above)');
}

export async function buildApp(root = ROOT) {
  await buildShell(root);
  buildRenderer(root);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    await buildApp();
    console.log('Built dist/main, dist/preload and dist/renderer.');
  } catch (error) {
    console.error(`Shopfloor: build failed: ${error instanceof Error ? error.message : error}`);
    process.exit(1);
  }
}
