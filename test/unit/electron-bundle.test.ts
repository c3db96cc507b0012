import fs from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import vm from 'node:vm';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { buildShell, ROOT } from '../../build/build-app.mjs';
import { useTempDir } from '../helpers/temp-dir.ts';

const tempDir = useTempDir('shopfloor-bundle-');
let out = '';
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

  it('the import worker is self-contained: Node built-ins only', () => {
    const code = read('main/workers/import-worker.mjs');
    const imported = [...code.matchAll(/^import\s.*?from\s+["']([^"']+)["']/gm)].map((match) => match[1]!);
    expect([...imported, ...requiredModules(code)].filter((name) => !isBuiltin(name))).toEqual([]);
  });
});
