import { z } from 'zod';
import { isValidZone } from '../../../shared/import/parse-time.ts';
import { importKinds } from '../../../shared/model/import-kind.ts';
import type { Clock } from '../clock.ts';
import { ShopfloorError } from '../errors.ts';
import { checkFolderPath } from '../security/folder-path.ts';
import type { Db } from '../store/open-store.ts';

export const watchFolderSchema = z.strictObject({
  folder: z.string().min(1).max(4096),
  kind: z.enum(importKinds),
  pattern: z.string().min(1).max(200).default('*'),
  tz: z.string().refine(isValidZone, 'an IANA time zone such as Asia/Tokyo').nullable().default(null),
  settle_ms: z.number().int().min(0).max(3_600_000).default(10_000),
  max_rejected_rate: z.number().min(0).max(1).default(0.02),
  mode: z.enum(['arrival', 'daily']).default('arrival'),
  daily_at: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/).nullable().default(null),
  enabled: z.boolean().default(true),
});

export type WatchFolderInput = z.input<typeof watchFolderSchema>;

export interface WatchFolder extends z.output<typeof watchFolderSchema> {
  id: number;
  last_daily_run: string | null;
  /** Chosen in the app's folder dialog or on the command line; a folder saved before that rule waits to be confirmed. */
  confirmed: boolean;
}

interface WatchFolderRow {
  id: number;
  folder: string;
  kind: WatchFolder['kind'];
  pattern: string;
  tz: string | null;
  settle_ms: number;
  max_rejected_rate: number;
  mode: WatchFolder['mode'];
  daily_at: string | null;
  last_daily_run: string | null;
  enabled: number;
  confirmed_at: number | null;
}

function toWatchFolder({ confirmed_at: confirmedAt, ...row }: WatchFolderRow): WatchFolder {
  return { ...row, enabled: row.enabled === 1, confirmed: confirmedAt !== null };
}

/** Whether a folder is already watched and was confirmed (its settings may change without the dialog). */
export function isConfirmedWatchFolder(db: Db, folder: string): boolean {
  return db.prepare('SELECT 1 FROM watch_folders WHERE folder = ? AND confirmed_at IS NOT NULL').get(folder) !== undefined;
}

/**
 * Creates or updates the automation of one folder (one per folder). `confirmed`: the user chose this
 * folder just now (the app's folder dialog, or the command line); otherwise it keeps its state.
 */
export function saveWatchFolder(db: Db, clock: Clock, input: WatchFolderInput, options: { confirmed: boolean }): WatchFolder {
  const parsed = watchFolderSchema.safeParse(input);
  if (!parsed.success) throw new ShopfloorError('bad_automation', parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; '));
  const value = { ...parsed.data, folder: checkFolderPath(parsed.data.folder, 'bad_automation') };
  if (value.mode === 'daily' && value.daily_at === null) throw new ShopfloorError('bad_automation', 'a daily run needs its time (HH:MM)');
  const now = clock.now();
  db.prepare(`INSERT INTO watch_folders (folder, kind, pattern, tz, settle_ms, max_rejected_rate, mode, daily_at, enabled, created_at, confirmed_at)
      VALUES (@folder, @kind, @pattern, @tz, @settle_ms, @max_rejected_rate, @mode, @daily_at, @enabled, @now, @confirmed_at)
      ON CONFLICT (folder) DO UPDATE SET kind = excluded.kind, pattern = excluded.pattern, tz = excluded.tz, settle_ms = excluded.settle_ms,
        max_rejected_rate = excluded.max_rejected_rate, mode = excluded.mode, daily_at = excluded.daily_at, enabled = excluded.enabled,
        confirmed_at = coalesce(excluded.confirmed_at, confirmed_at)`)
    .run({ ...value, enabled: value.enabled ? 1 : 0, now, confirmed_at: options.confirmed ? now : null });
  return toWatchFolder(db.prepare('SELECT * FROM watch_folders WHERE folder = ?').get(value.folder) as WatchFolderRow);
}

export function listWatchFolders(db: Db): WatchFolder[] {
  return (db.prepare('SELECT * FROM watch_folders ORDER BY id').all() as WatchFolderRow[]).map(toWatchFolder);
}

export function removeWatchFolder(db: Db, id: number): void {
  db.transaction(() => {
    db.prepare('DELETE FROM watched_files WHERE folder_id = ?').run(id);
    db.prepare('DELETE FROM watch_folders WHERE id = ?').run(id);
  })();
}

/** The latest files seen in watched folders, newest first, for the Automation settings. */
export function listWatchedFiles(db: Db, limit = 100): Array<{ folder_id: number; name: string; size: number; status: string; outcome: string | null; batch_id: number | null; error: string | null; seen_at: string }> {
  // A file left for review shows as committed once someone committed its batch in Uploads.
  return (db.prepare(`SELECT w.folder_id, w.name, w.size, w.status,
      CASE WHEN w.outcome = 'review' AND b.status = 'committed' THEN 'committed' ELSE w.outcome END AS outcome,
      w.batch_id, w.error, w.seen_at FROM watched_files w LEFT JOIN batches b ON b.id = w.batch_id
      ORDER BY w.seen_at DESC, w.id DESC LIMIT ?`).all(limit) as
    Array<{ folder_id: number; name: string; size: number; status: string; outcome: string | null; batch_id: number | null; error: string | null; seen_at: number }>)
    .map((row) => ({ ...row, seen_at: new Date(row.seen_at).toISOString() }));
}
