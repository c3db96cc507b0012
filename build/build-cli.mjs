// The command line as a bundle (dist/cli): what the `shopfloor` bin and `npm run cli` run. From TypeScript
// source through tsx every command paid about 1.3 s of start-up; the bundle starts in a fraction of that.
// `node build/build-cli.mjs` builds it; `--if-stale` builds only when a file it was made from changed.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const THIS_SCRIPT = path.relative(ROOT, fileURLToPath(import.meta.url));
// Every file esbuild read (sources, node_modules) with its modification time and size, written last.
const MANIFEST = 'inputs.json';

export function cliDir(root = ROOT) {
  return path.join(root, 'dist', 'cli');
}

/**
 * Whether dist/cli was built from the files as they are now: every input the last build read (and this
 * script) still has the same modification time and size. A file that is new to the bundle can only
 * come in through an import in a changed one, so the recorded inputs are enough. A few hundred stat calls.
 */
export function cliIsFresh(root = ROOT) {
  let manifest;
  try {
    manifest = JSON.parse(fs.readFileSync(path.join(cliDir(root), MANIFEST), 'utf8'));
  } catch {
    return false;
  }
  for (const [file, [mtimeMs, size]] of Object.entries(manifest.inputs ?? {})) {
    let stat;
    try {
      stat = fs.statSync(path.join(root, file));
    } catch {
      return false;
    }
    if (stat.mtimeMs !== mtimeMs || stat.size !== size) return false;
  }
  return manifest.inputs !== undefined;
}

/** Builds dist/cli: shopfloor.mjs (the entry), stage-worker.mjs (the reading thread), backup-worker.mjs, checkpoint-worker.mjs, preview-customers-worker.mjs, simulate-journey-worker.mjs and their shared chunks. */
export async function buildCli(root = ROOT) {
  const { build } = await import('esbuild');
  const out = cliDir(root);
  // Built beside and swapped in, so a process starting meanwhile finds the old bundle or the new, not half of one.
  const next = `${out}.${process.pid}.tmp`;
  fs.rmSync(next, { recursive: true, force: true });
  const result = await build({
    absWorkingDir: root,
    entryPoints: { shopfloor: 'electron/core/cli.ts', 'stage-worker': 'electron/core/workers/stage-worker.ts', 'backup-worker': 'electron/core/workers/backup-worker.ts', 'checkpoint-worker': 'electron/core/workers/checkpoint-worker.ts', 'preview-customers-worker': 'electron/core/workers/preview-customers-worker.ts', 'simulate-journey-worker': 'electron/core/workers/simulate-journey-worker.ts' },
    outdir: next,
    bundle: true,
    // Each command loads what it needs (dynamic imports become chunks): parsing a 2.4 MB file cost every command 0.1 s.
    splitting: true,
    // Flat, so the staging and backup workers are siblings of whichever chunk starts them (stage-worker-thread.ts, backup-worker-thread.ts).
    chunkNames: '[name]-[hash]',
    outExtension: { '.js': '.mjs' },
    format: 'esm',
    platform: 'node',
    target: 'node20',
    // The native addon stays in node_modules, built for this Node.
    external: ['better-sqlite3'],
    sourcemap: 'linked',
    legalComments: 'none',
    logLevel: 'warning',
    metafile: true,
    // Bundled CommonJS packages require Node built-ins, which ESM has no `require` for.
    banner: { js: "import { createRequire as __shopfloorCreateRequire } from 'node:module'; const require = __shopfloorCreateRequire(import.meta.url);" },
  });
  const inputs = {};
  for (const file of [...Object.keys(result.metafile.inputs), THIS_SCRIPT]) {
    const stat = fs.statSync(path.join(root, file));
    inputs[file] = [stat.mtimeMs, stat.size];
  }
  fs.writeFileSync(path.join(next, MANIFEST), `${JSON.stringify({ inputs }, null, 1)}\n`);
  fs.rmSync(out, { recursive: true, force: true });
  fs.renameSync(next, out);
}

/** Builds dist/cli unless it is fresh; true when it built. */
export async function ensureCli(root = ROOT) {
  if (cliIsFresh(root)) return false;
  await buildCli(root);
  return true;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    const ifStale = process.argv.includes('--if-stale');
    if (ifStale ? await ensureCli() : (await buildCli(), true)) console.error('Built the command line (dist/cli).');
  } catch (error) {
    console.error(`Shopfloor: building the command line failed: ${error instanceof Error ? error.message : error}`);
    process.exit(1);
  }
}
