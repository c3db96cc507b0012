// Where the Electron-ABI copy of better-sqlite3 lives; electron/main/shell-paths.ts reads the same layout (a test keeps them equal).
import path from 'node:path';

/** `build/native/electron-<version>-<platform>-<arch>/better-sqlite3`: a full copy of the package, rebuilt for Electron. */
export function nativePackageDir(root, { electronVersion, platform, arch }) {
  return path.join(root, 'build', 'native', `electron-${electronVersion}-${platform}-${arch}`, 'better-sqlite3');
}

export function nativeBinaryPath(root, target) {
  return path.join(nativePackageDir(root, target), 'build', 'Release', 'better_sqlite3.node');
}

/** Staging folder electron-builder copies into `resources/native` (see `extraResources` in package.json). */
export function packagedNativeDir(root, arch) {
  return path.join(root, 'build', 'native', 'package', arch);
}
