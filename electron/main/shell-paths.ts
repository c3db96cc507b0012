import path from 'node:path';

export interface ShellPathsInput {
  /** `app.getAppPath()`: the project folder in development, `…/resources/app.asar` when packaged. */
  appPath: string;
  resourcesPath: string;
  packaged: boolean;
  electronVersion: string;
  platform: string;
  arch: string;
}

export interface ShellPaths {
  uiRoot: string;
  preload: string;
  importWorker: string;
  nativeBinding: string;
}

/** Where the built UI, preload, import worker and the Electron build of better-sqlite3 are. */
export function shellPaths(input: ShellPathsInput): ShellPaths {
  const { appPath, packaged } = input;
  // Workers run from real files next to the archive (app.asar.unpacked), like the native module beside it.
  const unpacked = packaged && appPath.endsWith('.asar') ? `${appPath}.unpacked` : appPath;
  return {
    uiRoot: path.join(appPath, 'dist', 'renderer'),
    preload: path.join(appPath, 'dist', 'preload', 'index.cjs'),
    importWorker: path.join(unpacked, 'dist', 'main', 'workers', 'import-worker.mjs'),
    nativeBinding: packaged
      ? path.join(input.resourcesPath, 'native', 'better_sqlite3.node')
      : path.join(appPath, 'build', 'native', `electron-${input.electronVersion}-${input.platform}-${input.arch}`, 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node'),
  };
}
