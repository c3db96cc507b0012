import { describe, expect, it, vi } from 'vitest';
import { exposeShopfloorBridge, type PreloadDeps, type ShopfloorBridge } from '../../electron/preload/expose-bridge.ts';

function fakePreload(pathForFile = (file: File) => `/Users/ops/Downloads/${file.name}`) {
  const exposed = new Map<string, unknown>();
  const ipcListeners = new Map<string, Array<(event: unknown, ...args: unknown[]) => void>>();
  const documentListeners = new Map<string, (event: DragEvent) => void>();
  const invoke = vi.fn(async (_channel: string, ..._args: unknown[]): Promise<unknown> => ({ ok: true, value: null }));
  const deps: PreloadDeps = {
    contextBridge: { exposeInMainWorld: (key, api) => exposed.set(key, api) },
    ipcRenderer: {
      invoke,
      on(channel, listener) {
        ipcListeners.set(channel, [...(ipcListeners.get(channel) ?? []), listener]);
      },
    },
    webUtils: { getPathForFile: vi.fn(pathForFile) },
    document: { addEventListener: (type, listener) => documentListeners.set(type, listener) },
  };
  exposeShopfloorBridge(deps);
  const rawEvent = { sender: { send: () => undefined }, senderId: 0, ports: [] };
  const push = (message: unknown) => {
    for (const listener of ipcListeners.get('shopfloor:event') ?? []) listener(rawEvent, message);
  };
  const drag = (type: 'dragover' | 'drop', files: File[]) => {
    const event = { preventDefault: vi.fn(), dataTransfer: { files, dropEffect: 'none' } } as unknown as DragEvent;
    documentListeners.get(type)?.(event);
    return event;
  };
  return { deps, exposed, invoke, push, drag, rawEvent, bridge: exposed.get('shopfloor') as ShopfloorBridge };
}

describe('the preload bridge', () => {
  it('exposes exactly one key, shopfloor, with exactly invoke and on', () => {
    const { exposed, bridge } = fakePreload();
    expect([...exposed.keys()]).toEqual(['shopfloor']);
    expect(Object.keys(bridge).sort()).toEqual(['invoke', 'on']);
    expect(Object.isFrozen(bridge)).toBe(true);
  });

  it('invoke sends { method, input } over shopfloor:invoke and returns main\'s answer', async () => {
    const { bridge, invoke } = fakePreload();
    await expect(bridge.invoke('batches.get', { id: 3 })).resolves.toEqual({ ok: true, value: null });
    expect(invoke).toHaveBeenCalledWith('shopfloor:invoke', { method: 'batches.get', input: { id: 3 } });
  });

  it('on delivers only the payload of the named event, never the IpcRendererEvent, until unsubscribed', () => {
    const { bridge, push, rawEvent } = fakePreload();
    const seen: unknown[][] = [];
    const off = bridge.on('import.progress', (...args: unknown[]) => seen.push(args));
    push({ event: 'import.progress', payload: { jobId: 'a', rows: 10 } });
    push({ event: 'data.changed', payload: { what: 'batches' } });
    push('garbage');
    push(null);
    off();
    push({ event: 'import.progress', payload: { jobId: 'a', rows: 20 } });
    expect(seen).toEqual([[{ jobId: 'a', rows: 10 }]]);
    expect(seen.flat()).not.toContain(rawEvent);
  });

  it('sends a dropped file\'s path from webUtils.getPathForFile over shopfloor:dropped', () => {
    const { drag, invoke, deps } = fakePreload();
    const over = drag('dragover', []);
    expect(over.preventDefault).toHaveBeenCalled();
    const file = new File(['a,b\n'], 'pos-2026-11.csv');
    const drop = drag('drop', [file]);
    expect(drop.preventDefault).toHaveBeenCalled();
    expect(deps.webUtils.getPathForFile).toHaveBeenCalledWith(file);
    expect(invoke).toHaveBeenCalledWith('shopfloor:dropped', '/Users/ops/Downloads/pos-2026-11.csv');
  });

  it('sends nothing for a drop without a file or without a path', () => {
    const { drag, invoke } = fakePreload(() => '');
    drag('drop', []);
    drag('drop', [new File(['x'], 'from-a-web-page.txt')]);
    expect(invoke).not.toHaveBeenCalled();
  });
});
