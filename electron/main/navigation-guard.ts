import type { Shell } from 'electron';
import { isAppUrl, parseUrl } from './app-origin.ts';

/** Asks the user, in a main-process dialog, whether to open this address in their browser. */
export type ConfirmExternal = (url: string) => Promise<boolean>;

/**
 * Opens a link in the user's browser only if it parses as an http(s) URL and the user confirms it in
 * main's own dialog: a compromised page can navigate by script, so a navigation alone is no proof that
 * anyone clicked. Everything else (javascript:, file:, custom schemes, garbage) is refused without
 * asking, and while one question is open any other request is dropped (a page cannot queue up dialogs).
 * Returns whether the user was asked.
 */
export function externalOpener(shell: Pick<Shell, 'openExternal'>, confirm: ConfirmExternal): (raw: string) => boolean {
  let asking = false;
  return (raw) => {
    const url = parseUrl(raw);
    if (url === null || (url.protocol !== 'http:' && url.protocol !== 'https:') || asking) return false;
    asking = true;
    void confirm(url.href)
      .then((yes) => (yes ? shell.openExternal(url.href) : undefined))
      .catch(() => undefined)
      .finally(() => {
        asking = false;
      });
    return true;
  };
}

export interface NavigationEvent {
  preventDefault(): void;
  readonly url: string;
  readonly isMainFrame?: boolean;
}

/** The slice of WebContents the guard uses. */
export interface GuardedContents {
  on(event: 'will-navigate', listener: (event: NavigationEvent) => void): unknown;
  on(event: 'will-frame-navigate', listener: (event: NavigationEvent) => void): unknown;
  on(event: 'will-redirect', listener: (event: NavigationEvent) => void): unknown;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void;
}

/**
 * The window never leaves app://shopfloor and never opens another window. A link to an http(s) page
 * opens in the user's browser instead, once they confirm it; frames and redirects are simply stopped.
 */
export function guardNavigation(contents: GuardedContents, openExternal: (raw: string) => boolean): void {
  const stopForeign = (event: NavigationEvent): boolean => {
    if (isAppUrl(event.url)) return false;
    event.preventDefault();
    return true;
  };
  contents.on('will-navigate', (event) => {
    if (stopForeign(event)) openExternal(event.url);
  });
  contents.on('will-frame-navigate', (event) => {
    if (!event.isMainFrame) stopForeign(event);
  });
  contents.on('will-redirect', (event) => {
    stopForeign(event);
  });
  contents.setWindowOpenHandler(({ url }) => {
    openExternal(url);
    return { action: 'deny' };
  });
}
