import type { OpenDialogOptions } from 'electron';
import { z } from 'zod';
import { checkFolderPath, isShopfloorError, type GrantedPaths } from '../core/index.ts';
import type { ShowOpenDialog } from './import-dialog.ts';
import type { ShellMethod } from './ipc-entry.ts';

export const WATCH_FOLDER_DIALOG_OPTIONS: OpenDialogOptions = {
  title: 'Choose a folder to watch',
  properties: ['openDirectory', 'createDirectory', 'dontAddToRecent'],
};

/**
 * `dialog.chooseWatchFolder`: main's own folder dialog → `{ path }` (granted: the core will watch it), or
 * null when cancelled. The page never names a folder itself; a network or UNC folder is refused here.
 */
export function chooseWatchFolderMethod(showOpenDialog: ShowOpenDialog, granted: GrantedPaths): ShellMethod {
  return {
    input: z.strictObject({}),
    async run() {
      const picked = await showOpenDialog(WATCH_FOLDER_DIALOG_OPTIONS);
      const chosen = picked.filePaths[0];
      if (picked.canceled || chosen === undefined) return { ok: true, value: null };
      try {
        const folder = checkFolderPath(chosen);
        granted.grantFolder(folder);
        return { ok: true, value: { path: folder } };
      } catch (error) {
        if (!isShopfloorError(error)) throw error;
        return { ok: false, error: { code: error.code, message: error.message } };
      }
    },
  };
}
