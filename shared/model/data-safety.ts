/** Why a backup was taken; each kind is rotated on its own (PRODUCT.md §9). */
export const backupKinds = ['daily', 'weekly', 'manual', 'pre-migration', 'pre-restore'] as const;
export type BackupKind = (typeof backupKinds)[number];

export function isBackupKind(text: string): text is BackupKind {
  return (backupKinds as readonly string[]).includes(text);
}

/** How many backups of each kind are kept (the oldest beyond this are removed after a new one is made). */
export type BackupKeep = Record<BackupKind, number>;

export const defaultBackupKeep: BackupKeep = { daily: 7, weekly: 4, manual: 10, 'pre-migration': 5, 'pre-restore': 5 };
