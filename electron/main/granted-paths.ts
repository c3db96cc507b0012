/**
 * Files the user handed to the app (main's own dialog, or a drop the preload resolved). The core reads a
 * path only if it is one of these: a compromised page cannot ask it to read any file on the machine.
 */
export class GrantedPaths {
  private readonly paths = new Set<string>();

  grant(path: string): void {
    this.paths.add(path);
  }

  has(path: unknown): boolean {
    return typeof path === 'string' && this.paths.has(path);
  }
}

/** Methods whose input names a file or folder on disk (in `path`; those that may also name a backup by `name` need `path` only when given). */
export const PATH_METHODS: ReadonlySet<string> = new Set(['files.inspect', 'import.start', 'data.setBackupFolder', 'backups.verify', 'backups.restorePreview', 'backups.restore']);
