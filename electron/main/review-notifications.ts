import type { EventName } from '../../shared/contract/events.ts';

export interface NotificationLike {
  show(): void;
}

export type NotificationFactory = (options: { title: string; body: string }) => NotificationLike;

const titles: Partial<Record<EventName, string>> = {
  'automation.review': 'Shopfloor: an upload needs review',
  'automation.failed': 'Shopfloor: a file could not be imported',
};

/**
 * A watched-folder file that needs review (too many rejected rows) or could not be imported at all
 * becomes an OS notification, even with the window hidden.
 */
export function notifyReviews(on: (listener: (event: EventName, payload: unknown) => void) => () => void, notify: NotificationFactory | null): () => void {
  return on((event, payload) => {
    const title = titles[event];
    if (title === undefined || notify === null) return;
    const { file, detail } = payload as { file: string; detail: string };
    // An import error's line already starts with the file's name.
    notify({ title, body: detail.startsWith(file) ? detail : `${file}: ${detail}` }).show();
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
