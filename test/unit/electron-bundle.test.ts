import fs from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import vm from 'node:vm';
import { Worker } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { buildShell, ROOT } from '../../build/build-app.mjs';
import { backupWorkerBeside } from '../../electron/core/backup/backup-worker-thread.ts';
import { ManualClock } from '../../electron/core/clock.ts';
import { importFile } from '../../electron/core/import/import-file.ts';
import { previewCustomers, storeState } from '../../electron/core/journey/preview-customers.ts';
import { customersInBackground, previewWorkerBeside } from '../../electron/core/journey/preview-customers-thread.ts';
import { checkpointInBackground, checkpointWorkerBeside } from '../../electron/core/store/background-checkpoints.ts';
import { openStore } from '../../electron/core/store/open-store.ts';
import { useNativeBinding } from '../../electron/core/store/sqlite-binding.ts';
import { generatePosRows, posCells, posHeader, toDelimited } from '../fixtures/pos-csv.ts';
import { writeWorkbook } from '../fixtures/sheetjs-workbooks.ts';
import { useTempDir } from '../helpers/temp-dir.ts';

const tempDir = useTempDir('shopfloor-bundle-');
let out = '';
// The bundles carry better-sqlite3's JavaScript; its addon is passed in, here the one built for this Node.
const nodeBinding = path.join(ROOT, 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node');
const read = (file: string) => fs.readFileSync(path.join(out, file), 'utf8');
const requiredModules = (code: string) => new Set([...code.matchAll(/\brequire\(["']([^"']+)["']\)/g)].map((match) => match[1]!));
const isBuiltin = (name: string) => name.startsWith('node:') || builtinModules.includes(name);

beforeAll(async () => {
  out = tempDir();
  await buildShell(ROOT, out);
}, 60_000);

describe('the bundles Electron loads', () => {
  it('the sandboxed preload is one CommonJS file that requires only electron', () => {
    expect([...requiredModules(read('preload/index.cjs'))]).toEqual(['electron']);
  });

  it('the bundled preload exposes the bridge when given only electron and the document', () => {
    const exposeInMainWorld = vi.fn();
    const electron = { contextBridge: { exposeInMainWorld }, ipcRenderer: { invoke: vi.fn(), on: vi.fn() }, webUtils: { getPathForFile: vi.fn() } };
    const sandbox = {
      require: (name: string) => {
        if (name !== 'electron') throw new Error(`a sandboxed preload cannot require ${name}`);
        return electron;
      },
      document: { addEventListener: vi.fn() },
      module: { exports: {} },
      exports: {},
    };
    vm.runInNewContext(read('preload/index.cjs'), sandbox);
    expect(exposeInMainWorld).toHaveBeenCalledOnce();
    expect(exposeInMainWorld.mock.calls[0]![0]).toBe('shopfloor');
    expect(sandbox.document.addEventListener.mock.calls.map(([type]) => type).sort()).toEqual(['dragover', 'drop']);
  });

  it('main requires nothing but Node built-ins, electron and better-sqlite3, and has no bare import.meta', () => {
    const code = read('main/index.cjs');
    const external = [...requiredModules(code)].filter((name) => !isBuiltin(name));
    expect(external.sort()).toEqual(['better-sqlite3', 'electron']);
    expect(code).not.toMatch(/\bimport\.meta\b/);
  });

  it.each(['import-worker', 'stage-worker', 'backup-worker', 'checkpoint-worker', 'preview-customers-worker', 'simulate-journey-worker'])('the %s is self-contained: Node built-ins only', (name) => {
    const code = read(`main/workers/${name}.mjs`);
    const imported = [...code.matchAll(/^import\s.*?from\s+["']([^"']+)["']/gm)].map((match) => match[1]!);
    expect([...imported, ...requiredModules(code)].filter((name) => !isBuiltin(name))).toEqual([]);
  });

  it.each([
    ['a CSV', 'pos.csv', { rows: 500, accepted: 490, rejected: 10 }],
    // SheetJS is bundled into the staging worker: the app's node_modules are not shipped.
    ['a legacy .xls', 'pos.xls', { rows: 500, accepted: 490, rejected: 10 }],
  ])('the bundled import worker finds the bundled staging worker beside it and imports %s through it', async (_label, name, expected) => {
    const dir = tempDir();
    const file = path.join(dir, name);
    const rows = [posHeader, ...[...generatePosRows(500, { missingEvery: 50 })].map(posCells)];
    if (name.endsWith('.csv')) fs.writeFileSync(file, toDelimited(rows));
    else writeWorkbook(file, [{ name: 'POS', rows }], 'xls');
    const dbPath = path.join(dir, 'store.db');
    const worker = new Worker(path.join(out, 'main', 'workers', 'import-worker.mjs'), {
      workerData: { dbPath, nativeBinding: nodeBinding, options: { file, kind: 'pos', tz: 'Asia/Tokyo', worker: true } },
    });
    const outcome = await new Promise<{ type: string; batchId?: number; error?: { message: string } }>((resolve, reject) => {
      worker.on('message', (message: { type: string }) => {
        if (message.type !== 'progress') resolve(message);
      });
      worker.on('error', reject);
    });
    await worker.terminate();
    expect(outcome).toMatchObject({ type: 'done' });
    const db = new Database(dbPath, { readonly: true });
    try {
      expect(db.prepare('SELECT rows, accepted, rejected FROM batches').get()).toEqual(expected);
    } finally {
      db.close();
    }
  });

  it('the bundled backup worker (beside the import worker, where the app looks for it) copies a store with the addon it is given', async () => {
    const dir = tempDir();
    const source = path.join(dir, 'store.db');
    const store = new Database(source);
    store.pragma('journal_mode = WAL');
    store.exec("CREATE TABLE t (x TEXT); INSERT INTO t VALUES ('kept')");
    const dest = path.join(dir, 'copy.db');
    fs.writeFileSync(dest, '');
    const script = backupWorkerBeside({ path: path.join(out, 'main', 'workers', 'import-worker.mjs') })!;
    const worker = new Worker(script.path, { workerData: { source, dest, check: true, nativeBinding: nodeBinding } });
    const outcome = await new Promise<{ type: string; result?: { integrity: string } }>((resolve, reject) => {
      worker.once('message', resolve);
      worker.on('error', reject);
    });
    store.close();
    expect(outcome).toMatchObject({ type: 'done', result: { integrity: 'ok' } });
    const copy = new Database(dest, { readonly: true });
    try {
      expect(copy.prepare('SELECT x FROM t').pluck().all()).toEqual(['kept']);
    } finally {
      copy.close();
    }
  });

  it('the bundled checkpoint worker (beside the import worker, where the app looks for it) checkpoints the store', async () => {
    // The bundle carries better-sqlite3's JavaScript only: the worker is told the addon, as the shell tells the app's.
    useNativeBinding(nodeBinding);
    const file = path.join(tempDir(), 'store.db');
    const store = new Database(file);
    try {
      store.pragma('journal_mode = WAL');
      store.exec('CREATE TABLE t (body BLOB)');
      const checkpoints = checkpointInBackground(store, checkpointWorkerBeside({ path: path.join(out, 'main', 'workers', 'import-worker.mjs') }))!;
      const insert = store.prepare('INSERT INTO t VALUES (randomblob(100000))');
      for (let index = 0; index < 20; index++) insert.run();
      // Only a checkpoint writes the rows into the database file: the connection's own are off meanwhile.
      for (let wait = 0; wait < 500 && fs.statSync(file).size < 2_000_000; wait++) await new Promise((resolve) => setTimeout(resolve, 10));
      expect(store.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
      expect(fs.statSync(file).size).toBeGreaterThanOrEqual(2_000_000);
      await checkpoints.stop();
      expect(store.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
    } finally {
      store.close();
    }
  });

  it('the bundled preview worker (beside the import worker) reads the customers a preview needs, as the main thread does', async () => {
    useNativeBinding(nodeBinding);
    const dir = tempDir();
    const file = path.join(dir, 'pos.csv');
    fs.writeFileSync(file, toDelimited([posHeader, ...[...generatePosRows(300, { missingEvery: 50 })].map(posCells)]));
    const clock = new ManualClock(Date.parse('2026-11-28T00:00:00Z'));
    const db = openStore(path.join(dir, 'store.db'), { clock });
    try {
      await importFile(db, clock, { file, kind: 'pos', tz: 'Asia/Tokyo', commit: true });
      const names = [['offline_purchase', true]] as const;
      const found = await customersInBackground(db, names, previewWorkerBeside({ path: path.join(out, 'main', 'workers', 'import-worker.mjs') }));
      expect(found).toEqual({ state: storeState(db), customers: previewCustomers(db, names) });
      expect(found!.customers.length).toBeGreaterThan(10);
    } finally {
      db.close();
    }
  });
});
