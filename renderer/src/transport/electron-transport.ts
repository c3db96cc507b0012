import { ApiCallError } from '../../../shared/contract/client.ts';
import type { Result } from '../../../shared/contract/result.ts';
import type { AppTransport, PickedFile } from './transport.ts';

interface ShopfloorBridge {
  invoke(method: string, input: unknown): Promise<Result<unknown>>;
  on(event: string, callback: (payload: unknown) => void): () => void;
}

export function electronBridge(): ShopfloorBridge | null {
  return (globalThis as { shopfloor?: ShopfloorBridge }).shopfloor ?? null;
}

/** The preload's bridge: `invoke` and `on`, nothing else. Drops are resolved to paths by the preload and arrive as `files.dropped`. */
export function createElectronTransport(bridge: ShopfloorBridge): AppTransport {
  return {
    kind: 'electron',
    invoke: (method, input) => bridge.invoke(method, input),
    on: (event, listener) => bridge.on(event, listener),
    async pickImportFile() {
      const result = await bridge.invoke('dialog.openImportFile', {});
      return result.ok ? (result.value as PickedFile | null) : null;
    },
    async pickWatchFolder() {
      const result = await bridge.invoke('dialog.chooseWatchFolder', {});
      if (!result.ok) throw new ApiCallError(result.error);
      return (result.value as { path: string } | null)?.path ?? null;
    },
    async pickBackupFolder() {
      const result = await bridge.invoke('dialog.chooseBackupFolder', {});
      if (!result.ok) throw new ApiCallError(result.error);
      return (result.value as { path: string } | null)?.path ?? null;
    },
    async pickBackupFile() {
      const result = await bridge.invoke('dialog.openBackupFile', {});
      if (!result.ok) throw new ApiCallError(result.error);
      return result.value as PickedFile | null;
    },
    async fromFile() {
      // The preload turns the dropped file into a path and main pushes `files.dropped`; nothing to do here.
      return null;
    },
  };
}
