// The core's public face for the Electron shell: main goes through here, never into core internals.
export { startCoreHost } from './host/start-core-host.ts';
export type { CoreHost, CoreHostOptions } from './host/core-host-types.ts';
export { defaultDatabasePath, userDataDir, APP_NAME } from './paths.ts';
export type { SecretBox } from './channels/secret-box.ts';
export { GrantedPaths } from './security/granted-paths.ts';
export { checkFolderPath } from './security/folder-path.ts';
export { isShopfloorError } from './errors.ts';
