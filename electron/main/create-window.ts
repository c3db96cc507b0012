import type { BrowserWindowConstructorOptions } from 'electron';
import { APP_INDEX_URL } from './app-origin.ts';

export interface WindowSettings {
  preload: string;
  /** Off in packaged builds. */
  devTools: boolean;
}

export function mainWindowOptions({ preload, devTools }: WindowSettings): BrowserWindowConstructorOptions {
  return {
    width: 1280,
    height: 800,
    minWidth: 1024,
    minHeight: 700,
    show: false,
    title: 'Shopfloor',
    backgroundColor: '#ffffff',
    webPreferences: {
      preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
      devTools,
    },
  };
}

/** The slice of BrowserWindow used here. */
export interface WindowLike {
  once(event: 'ready-to-show', listener: () => void): unknown;
  show(): void;
  loadURL(url: string): Promise<void>;
}

/** Opens the main window on app://shopfloor/index.html; it shows once the first paint is ready. */
export function createMainWindow<W extends WindowLike>(
  BrowserWindowClass: new (options: BrowserWindowConstructorOptions) => W,
  settings: WindowSettings,
  onLoadError: (error: unknown) => void,
): W {
  const window = new BrowserWindowClass(mainWindowOptions(settings));
  window.once('ready-to-show', () => window.show());
  window.loadURL(APP_INDEX_URL).catch(onLoadError);
  return window;
}
