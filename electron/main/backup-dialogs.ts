import { stat } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { Result } from '../../shared/contract/result.ts';
import type { GrantedPaths } from '../core/security/granted-paths.ts';
import type { ShowOpenDialog } from './import-dialog.ts';
import type { ShellMethod } from './ipc-entry.ts';

/** Main's own folder dialog for Settings → Data: the folder it returns is granted for `data.setBackupFolder`. */
export function chooseBackupFolderMethod(showOpenDialog: ShowOpenDialog, granted: GrantedPaths): ShellMethod {
  return {
    input: z.strictObject({}),
    async run(): Promise<Result<{ path: string } | null>> {
      const picked = await showOpenDialog({ title: 'Choose the backup folder', properties: ['openDirectory', 'createDirectory'] });
      const chosen = picked.filePaths[0];
      if (picked.canceled || chosen === undefined) return { ok: true, value: null };
      const resolved = path.resolve(chosen);
      const info = await stat(resolved).catch(() => null);
      if (!info?.isDirectory()) return { ok: false, error: { code: 'bad_path', message: 'not a folder' } };
      granted.grantFolder(resolved);
      return { ok: true, value: { path: resolved } };
    },
  };
}

/** Main's own open dialog for a backup kept elsewhere (another drive): the file it returns is granted for verify and restore. */
export function openBackupFileMethod(showOpenDialog: ShowOpenDialog, granted: GrantedPaths): ShellMethod {
  return {
    input: z.strictObject({}),
    async run(): Promise<Result<{ path: string; file: string; size: number } | null>> {
      const picked = await showOpenDialog({ title: 'Restore a backup', properties: ['openFile'], filters: [{ name: 'Shopfloor backup', extensions: ['db'] }] });
      const chosen = picked.filePaths[0];
      if (picked.canceled || chosen === undefined) return { ok: true, value: null };
      const resolved = path.resolve(chosen);
      const info = await stat(resolved).catch(() => null);
      if (!info?.isFile()) return { ok: false, error: { code: 'bad_path', message: 'not a file' } };
      granted.grantFile(resolved);
      return { ok: true, value: { path: resolved, file: path.basename(resolved), size: info.size } };
    },
  };
}
