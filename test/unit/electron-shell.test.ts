import path from 'node:path';
import type { BrowserWindowConstructorOptions } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { nativeBinaryPath } from '../../build/native-layout.mjs';
import { isAtLeast } from '../../build/require-node.mjs';
import { appMenuTemplate } from '../../electron/main/app-menu.ts';
import { createMainWindow, mainWindowOptions } from '../../electron/main/create-window.ts';
import { keychainSecretBox, type SafeStorageLike } from '../../electron/main/keychain-secret-box.ts';
import { forwardCoreEvents } from '../../electron/main/push-events.ts';
import { closeCoreOnQuit } from '../../electron/main/quit-handler.ts';
import { shellPaths } from '../../electron/main/shell-paths.ts';
import type { EventName } from '../../shared/contract/events.ts';

type CoreListener = (event: EventName, payload: unknown) => void;
type QuitListener = (event: { preventDefault(): void }) => void;

describe('the main window', () => {
  it('is isolated, sandboxed and sized for the store counter', () => {
    const options = mainWindowOptions({ preload: '/app/dist/preload/index.cjs', devTools: false });
    expect(options).toMatchObject({ width: 1280, height: 800, minWidth: 1024, minHeight: 700 });
    expect(options.webPreferences).toMatchObject({
      preload: '/app/dist/preload/index.cjs', contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true, spellcheck: false, devTools: false, webviewTag: false,
    });
  });

  it('loads app://shopfloor/index.html and shows when ready', () => {
    const loaded: string[] = [];
    let ready: (() => void) | null = null;
    const show = vi.fn();
    class FakeWindow {
      constructor(readonly options: BrowserWindowConstructorOptions) {}
      once(_event: 'ready-to-show', listener: () => void) { ready = listener; }
      show() { show(); }
      async loadURL(url: string) { loaded.push(url); }
    }
    const window = createMainWindow(FakeWindow, { preload: 'p.cjs', devTools: true }, () => undefined);
    expect(window.options.webPreferences?.sandbox).toBe(true);
    expect(loaded).toEqual(['app://shopfloor/index.html']);
    expect(show).not.toHaveBeenCalled();
    ready!();
    expect(show).toHaveBeenCalledOnce();
  });
});

describe('the application menu', () => {
  const roles = (template: ReturnType<typeof appMenuTemplate>): string[] => template.flatMap((item) => [
    ...(item.role ? [item.role] : []),
    ...(Array.isArray(item.submenu) ? roles(item.submenu) : []),
  ]);

  it('has Edit, View and Window roles, and developer tools only when not packaged', () => {
    const packaged = roles(appMenuTemplate({ platform: 'win32', packaged: true }));
    expect(packaged).toEqual(expect.arrayContaining(['undo', 'redo', 'cut', 'copy', 'paste', 'selectAll', 'reload', 'zoomIn', 'windowMenu', 'quit']));
    expect(packaged).not.toContain('toggleDevTools');
    expect(roles(appMenuTemplate({ platform: 'darwin', packaged: false }))).toEqual(expect.arrayContaining(['appMenu', 'toggleDevTools']));
  });
});

describe('shell paths', () => {
  const base = { resourcesPath: '/opt/Shopfloor/resources', electronVersion: '45.5.0', platform: 'linux', arch: 'x64' };

  it('in development, finds the Electron build of better-sqlite3 where build/prepare-electron-native.mjs puts it', () => {
    const root = path.resolve('/work/shopfloor');
    const paths = shellPaths({ ...base, appPath: root, packaged: false });
    expect(paths.nativeBinding).toBe(nativeBinaryPath(root, base));
    expect(paths.uiRoot).toBe(path.join(root, 'dist', 'renderer'));
    expect(paths.preload).toBe(path.join(root, 'dist', 'preload', 'index.cjs'));
    expect(paths.importWorker).toBe(path.join(root, 'dist', 'main', 'workers', 'import-worker.mjs'));
  });

  it('when packaged, reads the native module from resources and runs workers from app.asar.unpacked', () => {
    const appPath = path.join(base.resourcesPath, 'app.asar');
    const paths = shellPaths({ ...base, appPath, packaged: true });
    expect(paths.nativeBinding).toBe(path.join(base.resourcesPath, 'native', 'better_sqlite3.node'));
    expect(paths.importWorker).toBe(path.join(`${appPath}.unpacked`, 'dist', 'main', 'workers', 'import-worker.mjs'));
    expect(paths.uiRoot).toBe(path.join(appPath, 'dist', 'renderer'));
  });
});

describe('pushed events and quitting', () => {
  it('forwards core events to a live window only', () => {
    let listener: CoreListener = () => undefined;
    const core = {
      on(fn: CoreListener) {
        listener = fn;
        return () => undefined;
      },
    };
    const send = vi.fn();
    let destroyed = false;
    forwardCoreEvents(core, () => ({ isDestroyed: () => destroyed, send }));
    listener('data.changed', { what: 'batches' });
    destroyed = true;
    listener('data.changed', { what: 'outbox' });
    expect(send.mock.calls).toEqual([['shopfloor:event', { event: 'data.changed', payload: { what: 'batches' } }]]);
  });

  it('holds the quit until the core has closed, once', async () => {
    let willQuit: QuitListener = () => undefined;
    const app = {
      on(_event: 'will-quit', fn: QuitListener) {
        willQuit = fn;
      },
      quit: vi.fn(),
    };
    let finish: () => void = () => undefined;
    const close = vi.fn(() => new Promise<void>((resolve) => { finish = resolve; }));
    closeCoreOnQuit(app, { close }, () => undefined);
    const first = { preventDefault: vi.fn() };
    willQuit(first);
    willQuit({ preventDefault: vi.fn() });
    expect(first.preventDefault).toHaveBeenCalled();
    expect(close).toHaveBeenCalledOnce();
    expect(app.quit).not.toHaveBeenCalled();
    finish();
    await vi.waitFor(() => expect(app.quit).toHaveBeenCalledOnce());
    const last = { preventDefault: vi.fn() };
    willQuit(last);
    expect(last.preventDefault).not.toHaveBeenCalled();
  });
});

describe('channel credentials in the OS keychain', () => {
  const fakeSafeStorage = (backend: string, available = true): SafeStorageLike => ({
    isEncryptionAvailable: () => available,
    encryptString: (plain) => Buffer.from([...plain].reverse().join(''), 'utf8'),
    decryptString: (encrypted) => [...encrypted.toString('utf8')].reverse().join(''),
    getSelectedStorageBackend: () => backend,
  });

  it('seals and opens with safeStorage, and refuses what another keystore sealed', () => {
    const box = keychainSecretBox(fakeSafeStorage('gnome_libsecret'), 'linux')!;
    const sealed = box.seal('smtp-password');
    expect(sealed).not.toContain('smtp-password');
    expect(box.open(sealed)).toBe('smtp-password');
    expect(() => box.open('gcm1:AAAA')).toThrow(/another keystore/);
    expect(keychainSecretBox(fakeSafeStorage('unknown'), 'darwin')).toBeDefined();
  });

  it('leaves the core its key file when there is no real keychain', () => {
    expect(keychainSecretBox(fakeSafeStorage('basic_text'), 'linux')).toBeUndefined();
    expect(keychainSecretBox(fakeSafeStorage('gnome_libsecret', false), 'linux')).toBeUndefined();
  });
});

describe('npm start\'s Node check', () => {
  it('compares versions numerically', () => {
    expect(isAtLeast('22.12.0', '22.12.0')).toBe(true);
    expect(isAtLeast('v24.1.0', '22.12.0')).toBe(true);
    expect(isAtLeast('22.9.0', '22.12.0')).toBe(false);
    expect(isAtLeast('20.20.2', '22.12.0')).toBe(false);
  });
});
