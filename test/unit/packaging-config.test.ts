import fs from 'node:fs';
import path from 'node:path';
import type { Configuration } from 'app-builder-lib';
import { getFileMatchers } from 'app-builder-lib/out/fileMatcher.js';
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config.js';
import { DebugLogger } from 'builder-util';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../../build/build-app.mjs';

// The configuration as electron-builder itself loads and validates it for `npm run dist`.
let config: Configuration;
beforeAll(async () => {
  config = await getConfig(ROOT, null, null);
  await validateConfiguration(config, new DebugLogger(false));
});

describe('the installers electron-builder makes', () => {
  it('flip the Electron fuses: no running as Node, no NODE_OPTIONS, no inspector, asar only and checked, cookies encrypted', () => {
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      enableCookieEncryption: true,
      grantFileProtocolExtraPrivileges: false,
    });
    expect(config.asar).toBe(true);
  });

  it('ship the built app without its source maps', () => {
    const matchers = getFileMatchers(config, 'files', '/app', { macroExpander: (pattern) => pattern, customBuildOptions: {}, globalOutDir: path.join(ROOT, 'out'), defaultSrc: ROOT });
    expect(matchers).toHaveLength(1);
    const filter = matchers![0]!.createFilter();
    const file = { isDirectory: () => false } as fs.Stats;
    const shipped = (relative: string) => filter(path.join(ROOT, relative), file) !== false;
    for (const built of ['dist/main/index.cjs', 'dist/preload/index.cjs', 'dist/main/workers/import-worker.mjs', 'dist/renderer/index.html', 'package.json']) {
      expect(shipped(built), built).toBe(true);
    }
    for (const map of ['dist/main/index.cjs.map', 'dist/preload/index.cjs.map', 'dist/main/workers/import-worker.mjs.map', 'dist/renderer/assets/index-abc.js.map']) {
      expect(shipped(map), map).toBe(false);
    }
  });
});
