import type { Transport } from '../../../shared/contract/client.ts';

export interface PickedFile {
  path: string;
  file: string;
  size: number;
}

/** What the UI needs beyond the API: getting a file the core can read. */
export interface AppTransport extends Transport {
  /** In Electron, main's own open dialog; in the harness, the browser's file chooser plus an upload. */
  pickImportFile(): Promise<PickedFile | null>;
  /**
   * A folder to watch, chosen in the app's own folder dialog (main's, which grants it to the core; in the
   * harness, its stand-in). Null when cancelled; a refused folder (network, UNC) throws with the reason.
   */
  pickWatchFolder(): Promise<string | null>;
  /** A file dropped on the window or chosen with an <input type=file>. Electron resolves drops in its preload. */
  fromFile(file: File, onProgress?: (fraction: number) => void): Promise<PickedFile | null>;
  /** Electron: main's folder dialog (which grants the folder). The harness has none: the UI asks for the path. */
  pickBackupFolder(): Promise<string | null>;
  /** A backup kept elsewhere: main's open dialog in Electron, a file chooser and an upload in the harness. */
  pickBackupFile(): Promise<PickedFile | null>;
  kind: 'electron' | 'harness';
}
