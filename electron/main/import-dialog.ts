import type { OpenDialogOptions, OpenDialogReturnValue } from 'electron';
import { z } from 'zod';
import { checkImportFile } from './import-file-check.ts';
import type { GrantedPaths } from '../core/index.ts';
import type { ShellMethod } from './ipc-entry.ts';

export type ShowOpenDialog = (options: OpenDialogOptions) => Promise<OpenDialogReturnValue>;

export const IMPORT_DIALOG_OPTIONS: OpenDialogOptions = {
  title: 'Import a file',
  properties: ['openFile'],
  filters: [
    { name: 'Exports and sheets (CSV, TSV, TXT, XLSX, XLS, XLSB, ODS)', extensions: ['csv', 'tsv', 'txt', 'xlsx', 'xls', 'xlsb', 'ods'] },
    { name: 'CSV', extensions: ['csv'] },
    { name: 'TSV', extensions: ['tsv'] },
    { name: 'Text', extensions: ['txt'] },
    { name: 'Excel workbook', extensions: ['xlsx', 'xls', 'xlsb'] },
    { name: 'OpenDocument spreadsheet', extensions: ['ods'] },
  ],
};

/** `dialog.openImportFile`: main's own open dialog → `{ path, file, size }`, or null when cancelled. */
export function openImportFileMethod(showOpenDialog: ShowOpenDialog, granted?: GrantedPaths): ShellMethod {
  return {
    input: z.strictObject({}),
    async run() {
      const picked = await showOpenDialog(IMPORT_DIALOG_OPTIONS);
      const chosen = picked.filePaths[0];
      if (picked.canceled || chosen === undefined) return { ok: true, value: null };
      const checked = await checkImportFile(chosen);
      if (checked.ok) granted?.grantFile(checked.value.path);
      return checked;
    },
  };
}
