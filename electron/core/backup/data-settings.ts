import path from 'node:path';
import { z } from 'zod';
import { parseDuration } from '../../../shared/journey/duration.ts';
import { backupKinds, defaultBackupKeep, type BackupKeep } from '../../../shared/model/data-safety.ts';
import { ShopfloorError } from '../errors.ts';
import type { Db } from '../store/open-store.ts';

const keepSchema = z.strictObject(Object.fromEntries(backupKinds.map((kind) => [kind, z.number().int().min(1).max(1000)])) as Record<keyof BackupKeep, z.ZodNumber>);

const storedSchema = z.strictObject({
  /** null: the `backups` folder beside the database. */
  backup_folder: z.string().min(1).max(4096).nullable().default(null),
  keep: keepSchema.partial().default({}),
  /** How long raw rows of rejected and duplicate lines and profile pre-images are kept after commit. */
  raw_retention: z.string().refine((value) => (parseDuration(value) ?? 0) >= 86_400_000, 'an ISO 8601 duration of at least a day, such as P90D').default('P90D'),
});

type Stored = z.infer<typeof storedSchema>;

/** Settings → Data: where backups go, how many of each kind are kept, how long raw rows are kept. */
export interface DataSettings {
  backup_folder: string;
  /** The folder is the default one beside the database (created when missing; a chosen folder never is). */
  default_folder: boolean;
  keep: BackupKeep;
  raw_retention: string;
  raw_retention_ms: number;
}

// These settings describe this machine, not the data: a restore keeps them (see restore-backup.ts).
export const DATA_SETTINGS_KEY = 'data_safety';

export function defaultBackupFolder(dbFile: string): string {
  return path.join(path.dirname(path.resolve(dbFile)), 'backups');
}

function readStored(db: Db): Stored {
  const text = db.prepare('SELECT value FROM settings WHERE key = ?').pluck().get(DATA_SETTINGS_KEY) as string | undefined;
  return storedSchema.parse(text === undefined ? {} : JSON.parse(text));
}

export function readDataSettings(db: Db): DataSettings {
  const stored = readStored(db);
  return {
    backup_folder: stored.backup_folder ?? defaultBackupFolder(db.name),
    default_folder: stored.backup_folder === null,
    keep: { ...defaultBackupKeep, ...stored.keep },
    raw_retention: stored.raw_retention,
    raw_retention_ms: parseDuration(stored.raw_retention)!,
  };
}

export interface DataSettingsPatch {
  /** An absolute folder, or null for the default beside the database. */
  backup_folder?: string | null;
  keep?: Partial<BackupKeep>;
  raw_retention?: string;
}

export function writeDataSettings(db: Db, patch: DataSettingsPatch): DataSettings {
  const current = readStored(db);
  if (patch.backup_folder != null && !path.isAbsolute(patch.backup_folder)) {
    throw new ShopfloorError('bad_setting', `the backup folder must be an absolute path (got "${patch.backup_folder}")`);
  }
  const parsed = storedSchema.safeParse({
    ...current,
    ...(patch.backup_folder !== undefined ? { backup_folder: patch.backup_folder === null ? null : path.resolve(patch.backup_folder) } : {}),
    ...(patch.keep ? { keep: { ...current.keep, ...patch.keep } } : {}),
    ...(patch.raw_retention !== undefined ? { raw_retention: patch.raw_retention } : {}),
  });
  if (!parsed.success) throw new ShopfloorError('bad_setting', parsed.error.issues.map((issue) => `${issue.path.join('.') || 'setting'}: ${issue.message}`).join('; '));
  db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(DATA_SETTINGS_KEY, JSON.stringify(parsed.data));
  return readDataSettings(db);
}

/** `daily=7,weekly=4` (any of the kinds) → counts; a clear error naming the bad part. */
export function parseKeep(text: string): Partial<BackupKeep> {
  const keep: Partial<BackupKeep> = {};
  for (const part of text.split(',').map((each) => each.trim()).filter(Boolean)) {
    const match = /^([a-z-]+)=(\d+)$/.exec(part);
    const kind = match?.[1] as keyof BackupKeep | undefined;
    if (!match || !kind || !(backupKinds as readonly string[]).includes(kind) || Number(match[2]) < 1) {
      throw new ShopfloorError('bad_option', `--backup-keep takes kind=count pairs with counts of at least 1, kinds ${backupKinds.join(', ')} (got "${part}")`);
    }
    keep[kind] = Number(match[2]);
  }
  return keep;
}
