import { z } from 'zod';
import { batchSummarySchema, errorSchema } from './schemas.ts';

/** Events the core pushes to the UI. */
export const events = {
  'import.progress': z.object({ jobId: z.string(), rows: z.number(), bytesRead: z.number(), totalBytes: z.number() }),
  'import.finished': z.object({ jobId: z.string(), batch: batchSummarySchema }),
  'import.failed': z.object({ jobId: z.string(), error: errorSchema }),
  /** A file dropped on the Electron window, resolved to a path by the preload and re-checked by main. */
  'files.dropped': z.object({ path: z.string(), file: z.string(), size: z.number() }),
  /** A watched-folder file was imported but has too many rejected rows to commit by itself: a person should look. */
  'automation.review': z.object({ file: z.string(), batch_id: z.number(), rejected_rate: z.number(), detail: z.string() }),
  /** A watched-folder file could not be imported (unreadable, refused as hostile, out of memory or disk): nothing was saved. */
  'automation.failed': z.object({ file: z.string(), detail: z.string() }),
  /** Something the UI lists changed (after a commit, a tick, a setting…): refresh it. */
  'data.changed': z.object({ what: z.enum(['batches', 'journeys', 'outbox', 'settings', 'users', 'automation', 'upstream', 'backups']) }),
  /** A backup the app makes by itself (daily, weekly) failed: the folder is missing or full. */
  'backup.failed': z.object({ code: z.string(), message: z.string(), at: z.string(), folder: z.string() }),
  /** The store was replaced by a backup: everything on screen is stale. */
  'store.restored': z.object({ restored: z.string(), previous: z.string() }),
} as const;

export type Events = typeof events;
export type EventName = keyof Events;
export type EventPayload<E extends EventName> = z.infer<Events[E]>;

export function isEventName(name: string): name is EventName {
  return Object.prototype.hasOwnProperty.call(events, name);
}
