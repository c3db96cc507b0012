import path from 'node:path';

/**
 * Files and folders the user handed to the app in this session: chosen in main's own dialogs, dropped on
 * the window (resolved by the preload), or uploaded to the browser harness. The core reads a file, or
 * starts watching a folder, only if it is one of these: a compromised page can call every method with
 * any payload, but cannot name a path on the machine.
 */
export class GrantedPaths {
  private readonly files = new Set<string>();
  private readonly folders = new Set<string>();

  grantFile(file: string): void {
    this.files.add(path.resolve(file));
  }

  revokeFile(file: string): void {
    this.files.delete(path.resolve(file));
  }

  grantFolder(folder: string): void {
    this.folders.add(path.resolve(folder));
  }

  hasFile(file: unknown): boolean {
    return typeof file === 'string' && path.isAbsolute(file) && this.files.has(path.resolve(file));
  }

  hasFolder(folder: unknown): boolean {
    return typeof folder === 'string' && path.isAbsolute(folder) && this.folders.has(path.resolve(folder));
  }
}

/** Methods whose input names a file on disk (`path`). */
export const FILE_METHODS: ReadonlySet<string> = new Set(['files.inspect', 'import.start']);

/** Methods that may name a file (`path`: a backup from elsewhere) or go without one (a backup by `name`). */
export const OPTIONAL_FILE_METHODS: ReadonlySet<string> = new Set(['backups.verify', 'backups.restorePreview', 'backups.restore']);

/** Methods that may name a folder (`path`; null for the default one). */
export const OPTIONAL_FOLDER_METHODS: ReadonlySet<string> = new Set(['data.setBackupFolder']);

/** Whether `input` names only paths the user granted. */
export function namesOnlyGrantedPaths(grants: GrantedPaths, method: string, input: unknown): boolean {
  const named = (input as { path?: unknown } | null)?.path;
  if (FILE_METHODS.has(method)) return grants.hasFile(named);
  if (OPTIONAL_FILE_METHODS.has(method)) return named == null || grants.hasFile(named);
  if (OPTIONAL_FOLDER_METHODS.has(method)) return named == null || grants.hasFolder(named);
  return true;
}
