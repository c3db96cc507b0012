// electron-builder `beforePack` hook: the Electron-ABI better-sqlite3 for the platform and arch being packed,
// staged where `extraResources` picks it up (build/native/package/<arch> → resources/native).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { packagedNativeDir } from './native-layout.mjs';
import { electronVersionOf, prepareElectronNative } from './prepare-electron-native.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// electron-builder's Arch enum, by value.
const ARCH_NAMES = ['ia32', 'x64', 'armv7l', 'arm64', 'universal'];

export async function beforePack(context) {
  const arch = ARCH_NAMES[context.arch];
  if (!arch || arch === 'universal') throw new Error('Shopfloor packages one architecture at a time (x64 or arm64), not universal builds');
  const platform = context.electronPlatformName === 'mas' ? 'darwin' : context.electronPlatformName;
  const electronVersion = context.packager.config.electronVersion ?? electronVersionOf(ROOT);
  const binary = prepareElectronNative({ root: ROOT, electronVersion, platform, arch });
  const stage = packagedNativeDir(ROOT, arch);
  fs.rmSync(stage, { recursive: true, force: true });
  fs.mkdirSync(stage, { recursive: true });
  fs.copyFileSync(binary, path.join(stage, 'better_sqlite3.node'));
}
