import { BRIDGE_KEY, DROPPED_CHANNEL, EVENT_CHANNEL, INVOKE_CHANNEL } from './ipc-channels.ts';

/** The slices of Electron's preload modules the bridge uses, so a test can pass fakes. */
export interface PreloadDeps {
  contextBridge: { exposeInMainWorld(key: string, api: unknown): void };
  ipcRenderer: {
    invoke(channel: string, ...args: unknown[]): Promise<unknown>;
    on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
  };
  webUtils: { getPathForFile(file: File): string };
  document: { addEventListener(type: 'dragover' | 'drop', listener: (event: DragEvent) => void): void };
}

export interface ShopfloorBridge {
  invoke(method: string, input: unknown): Promise<unknown>;
  on(event: string, callback: (payload: unknown) => void): () => void;
}

/** Exposes `window.shopfloor = { invoke, on }` and turns dropped files into paths for main. */
export function exposeShopfloorBridge(deps: PreloadDeps): void {
  const { contextBridge, ipcRenderer } = deps;
  const subscribers = new Map<string, Set<(payload: unknown) => void>>();

  // One listener for every subscription; the IpcRendererEvent stays here, only payloads go to the page.
  ipcRenderer.on(EVENT_CHANNEL, (_event, message) => {
    if (!isEventMessage(message)) return;
    for (const callback of subscribers.get(message.event) ?? []) callback(message.payload);
  });

  const bridge: ShopfloorBridge = {
    invoke(method, input) {
      return ipcRenderer.invoke(INVOKE_CHANNEL, { method, input });
    },
    on(event, callback) {
      if (typeof event !== 'string' || typeof callback !== 'function') throw new TypeError('on(event: string, callback: function)');
      const set = subscribers.get(event) ?? new Set();
      subscribers.set(event, set);
      set.add(callback);
      return () => {
        set.delete(callback);
      };
    },
  };
  contextBridge.exposeInMainWorld(BRIDGE_KEY, Object.freeze(bridge));
  listenForDrops(deps);
}

function listenForDrops({ document, ipcRenderer, webUtils }: PreloadDeps): void {
  // Without preventDefault on dragover the drop never fires and Chromium tries to open the file.
  document.addEventListener('dragover', (event) => {
    event.preventDefault();
    if (event.dataTransfer) event.dataTransfer.dropEffect = 'copy';
  });
  document.addEventListener('drop', (event) => {
    event.preventDefault();
    const file = event.dataTransfer?.files[0];
    if (!file) return;
    const path = webUtils.getPathForFile(file);
    // Main re-checks the path and answers with a `files.dropped` event; a refusal needs no reply here.
    if (path) void ipcRenderer.invoke(DROPPED_CHANNEL, path).catch(() => undefined);
  });
}

function isEventMessage(message: unknown): message is { event: string; payload: unknown } {
  return typeof message === 'object' && message !== null && typeof (message as { event?: unknown }).event === 'string';
}
