// The Electron entry: wires the real `electron` module into the small modules beside it, the only main-process file that imports it at run time.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { app, BrowserWindow, dialog, ipcMain, Menu, Notification, protocol, safeStorage, session, shell } from 'electron';
import { GrantedPaths, startCoreHost } from '../core/index.ts';
import { DROPPED_CHANNEL, INVOKE_CHANNEL } from '../preload/ipc-channels.ts';
import { appMenuTemplate } from './app-menu.ts';
import { registerAppScheme, serveAppProtocol } from './app-protocol.ts';
import { createMainWindow } from './create-window.ts';
import { chooseWatchFolderMethod } from './folder-dialog.ts';
import { chooseBackupFolderMethod, openBackupFileMethod } from './backup-dialogs.ts';
import { openImportFileMethod, type ShowOpenDialog } from './import-dialog.ts';
import { createDroppedHandler, createInvokeHandler } from './ipc-entry.ts';
import { keychainSecretBox } from './keychain-secret-box.ts';
import { confirmExternalDialog } from './external-link-dialog.ts';
import { externalOpener, guardNavigation } from './navigation-guard.ts';
import { denyAllPermissions } from './permissions.ts';
import { forwardCoreEvents, sendEvent } from './push-events.ts';
import { closeCoreOnQuit } from './quit-handler.ts';
import { notifyBackupFailures, notifyReviews } from './review-notifications.ts';
import { shellPaths } from './shell-paths.ts';

let mainWindow: BrowserWindow | null = null;
const windowContents = () => (mainWindow && !mainWindow.isDestroyed() ? mainWindow.webContents : null);

app.enableSandbox();
registerAppScheme(protocol);
if (process.platform === 'win32') app.setAppUserModelId('com.shopfloor.app');

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', focusWindow);
  const openExternal = externalOpener(shell, confirmExternalDialog(
    (options) => (mainWindow ? dialog.showMessageBox(mainWindow, options) : dialog.showMessageBox(options)), () => app.getLocale()));
  app.on('web-contents-created', (_event, contents) => guardNavigation(contents, openExternal));
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.whenReady().then(start).catch(fail);
}

function start(): void {
  const paths = shellPaths({
    appPath: app.getAppPath(),
    resourcesPath: process.resourcesPath,
    packaged: app.isPackaged,
    electronVersion: process.versions.electron,
    platform: process.platform,
    arch: process.arch,
  });
  if (!existsSync(paths.nativeBinding)) {
    throw new Error(app.isPackaged
      ? `The SQLite module is missing from this installation (${paths.nativeBinding}); reinstall Shopfloor.`
      : `The Electron build of better-sqlite3 is missing (${paths.nativeBinding}); start the app with "npm start", which prepares it.`);
  }
  // What the user chose in main's dialogs or dropped on the window: the only paths the core reads or watches.
  const granted = new GrantedPaths();
  const core = startCoreHost({
    dbPath: path.join(app.getPath('userData'), 'shopfloor.db'),
    version: app.getVersion(),
    locale: app.getLocale(),
    nativeBinding: paths.nativeBinding,
    importWorker: { path: paths.importWorker },
    secretBox: keychainSecretBox(safeStorage, process.platform),
    grants: granted,
  });
  closeCoreOnQuit(app, core, (error) => console.error('Shopfloor: closing the core failed:', error));

  denyAllPermissions(session.defaultSession);
  serveAppProtocol(protocol, paths.uiRoot);
  Menu.setApplicationMenu(Menu.buildFromTemplate(appMenuTemplate({ platform: process.platform, packaged: app.isPackaged })));

  const showOpenDialog: ShowOpenDialog = (options) => (mainWindow ? dialog.showOpenDialog(mainWindow, options) : dialog.showOpenDialog(options));
  ipcMain.handle(INVOKE_CHANNEL, createInvokeHandler({
    core,
    getContents: windowContents,
    shellMethods: new Map([
      ['dialog.openImportFile', openImportFileMethod(showOpenDialog, granted)],
      ['dialog.chooseWatchFolder', chooseWatchFolderMethod(showOpenDialog, granted)],
      ['dialog.chooseBackupFolder', chooseBackupFolderMethod(showOpenDialog, granted)],
      ['dialog.openBackupFile', openBackupFileMethod(showOpenDialog, granted)],
    ]),
  }));
  ipcMain.handle(DROPPED_CHANNEL, createDroppedHandler({
    getContents: windowContents,
    granted,
    pushDropped: (file) => sendEvent(windowContents, 'files.dropped', file),
  }));
  forwardCoreEvents(core, windowContents);
  notifyReviews((listener) => core.on(listener), Notification.isSupported() ? (options) => new Notification(options) : null);
  notifyBackupFailures((listener) => core.on(listener), Notification.isSupported() ? (options) => new Notification(options) : null);

  openWindow(paths.preload);
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) openWindow(paths.preload);
  });
}

function openWindow(preload: string): void {
  const window = createMainWindow(BrowserWindow, { preload, devTools: !app.isPackaged }, (error) => console.error('Shopfloor: the window did not load:', error));
  window.on('closed', () => {
    if (mainWindow === window) mainWindow = null;
  });
  mainWindow = window;
}

function focusWindow(): void {
  if (!mainWindow) return;
  if (mainWindow.isMinimized()) mainWindow.restore();
  mainWindow.focus();
}

function fail(error: unknown): void {
  const message = error instanceof Error ? error.message : String(error);
  console.error('Shopfloor could not start:', error);
  dialog.showErrorBox('Shopfloor could not start', message);
  app.exit(1);
}
