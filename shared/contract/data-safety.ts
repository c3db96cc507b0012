import { z } from 'zod';
import { backupKinds } from '../model/data-safety.ts';

// Settings → Data, backups and restore, the damaged-store screen, erasure (PRODUCT.md §9).

export const backupKindSchema = z.enum(backupKinds);

export const backupFileSchema = z.object({
  file: z.string(),
  name: z.string(),
  bytes: z.number(),
  created_at: z.string(),
  kind: backupKindSchema,
  schema_version: z.number().nullable(),
});
export type BackupFileDto = z.infer<typeof backupFileSchema>;

const keepSchema = z.object(Object.fromEntries(backupKinds.map((kind) => [kind, z.number()])) as Record<(typeof backupKinds)[number], z.ZodNumber>);

export const dataStatusSchema = z.object({
  settings: z.object({ backup_folder: z.string(), default_folder: z.boolean(), keep: keepSchema, raw_retention: z.string() }),
  folder_missing: z.boolean(),
  backups: z.array(backupFileSchema),
  last_ok: z.object({ file: z.string(), at: z.string() }).nullable(),
  last_error: z.object({ code: z.string(), message: z.string(), at: z.string() }).nullable(),
});
export type DataStatus = z.infer<typeof dataStatusSchema>;

export const backupCheckSchema = z.object({
  file: z.string(),
  ok: z.boolean(),
  integrity: z.string(),
  schema_version: z.number().nullable(),
  events: z.number().nullable(),
  users: z.number().nullable(),
  batches: z.number().nullable(),
  problem: z.string().nullable(),
});

const storeCountsSchema = z.object({ events: z.number(), users: z.number(), batches: z.number(), journeys: z.number(), messages: z.number() });

/** A backup in the backup folder, by its file name; or a file the user picked in main's dialog (granted there). */
const backupRef = z.union([
  z.strictObject({ name: z.string().min(1).max(255) }),
  z.strictObject({ path: z.string().min(1).max(4096) }),
]);

const erasureCountsSchema = z.object({
  events_removed: z.number(),
  raw_rows_removed: z.number(),
  profile_images_removed: z.number(),
  profile_removed: z.boolean(),
  runs_removed: z.number(),
  messages_removed: z.number(),
  messages_sent_kept_anonymised: z.number(),
  traces_removed: z.number(),
  uploads_scrubbed: z.number(),
});

const keepInput = z.strictObject(Object.fromEntries(backupKinds.map((kind) => [kind, z.number().int().min(1).max(1000).optional()])) as Record<(typeof backupKinds)[number], z.ZodOptional<z.ZodNumber>>);

export const dataSafetyMethods = {
  /** Whether the store opened: a damaged one is not opened at all, and the app offers the newest good backup. */
  'store.status': {
    input: z.strictObject({}),
    output: z.object({ state: z.enum(['ok', 'damaged']), file: z.string(), problem: z.string().nullable(), backup_folder: z.string(), newest_good_backup: backupFileSchema.nullable() }),
  },
  'data.get': { input: z.strictObject({}), output: dataStatusSchema },
  'data.save': { input: z.strictObject({ keep: keepInput.optional(), raw_retention: z.string().max(40).optional() }), output: dataStatusSchema },
  /** A folder chosen in main's folder dialog (granted there), or null for the folder beside the database. */
  'data.setBackupFolder': { input: z.strictObject({ path: z.string().min(1).max(4096).nullable() }), output: dataStatusSchema },
  'backups.now': { input: z.strictObject({}), output: backupFileSchema },
  'backups.verify': { input: backupRef, output: backupCheckSchema },
  /** What restoring would replace, and where the current store is backed up first; changes nothing. */
  'backups.restorePreview': {
    input: backupRef,
    output: z.object({ file: z.string(), check: backupCheckSchema, replaces: storeCountsSchema, backup_first_to: z.string() }),
  },
  'backups.restore': {
    input: backupRef,
    output: z.object({
      restored: z.string(), previous: z.string(), events: z.number(), users: z.number(), batches: z.number(), journeys: z.number(), messages: z.number(),
      messages_marked_unknown: z.number(), erasures_reapplied: z.number(),
    }),
  },
  'privacy.preview': { input: z.strictObject({ userId: z.string().min(1).max(256) }), output: erasureCountsSchema.extend({ user_id: z.string(), upstream_deletion_queued: z.boolean() }) },
  /** `confirm` is the user id typed again by the person erasing: the core checks it too. */
  'privacy.erase': {
    input: z.strictObject({ userId: z.string().min(1).max(256), confirm: z.string().max(256), reason: z.string().max(500).optional() }),
    output: erasureCountsSchema.extend({ user_id: z.string(), user_hash: z.string(), upstream_deletion_queued: z.boolean() }),
  },
} as const;
