import type { EventName } from '../../shared/contract/events.ts';

export interface NotificationLike {
  show(): void;
}

export type NotificationFactory = (options: { title: string; body: string }) => NotificationLike;

/** A watched-folder file that needs review (too many rejected rows) becomes an OS notification, even with the window hidden. */
export function notifyReviews(on: (listener: (event: EventName, payload: unknown) => void) => () => void, notify: NotificationFactory | null): () => void {
  return on((event, payload) => {
    if (event !== 'automation.review' || notify === null) return;
    const { file, detail } = payload as { file: string; detail: string };
    notify({ title: 'Shopfloor: an upload needs review', body: `${file}: ${detail}` }).show();
  });
}

/** A daily backup that failed (the folder is missing or full) becomes an OS notification: nobody may be looking at the window. */
export function notifyBackupFailures(on: (listener: (event: EventName, payload: unknown) => void) => () => void, notify: NotificationFactory | null): () => void {
  return on((event, payload) => {
    if (event !== 'backup.failed' || notify === null) return;
    const { message } = payload as { message: string };
    notify({ title: 'Shopfloor: the backup failed', body: `${message.charAt(0).toUpperCase()}${message.slice(1)}. Check Settings → Data.` }).show();
  });
}
