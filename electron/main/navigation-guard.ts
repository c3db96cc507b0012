import type { Shell } from 'electron';
import { isAppUrl, parseUrl } from './app-origin.ts';

/**
 * Opens a link in the user's browser only if it parses as an http(s) URL; returns whether it did.
 * Everything else (javascript:, file:, custom schemes, garbage) is refused.
 */
export function openExternalSafely(shell: Pick<Shell, 'openExternal'>, raw: string): boolean {
  const url = parseUrl(raw);
  if (url === null || (url.protocol !== 'http:' && url.protocol !== 'https:')) return false;
  void shell.openExternal(url.href).catch(() => undefined);
  return true;
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
 * The window never leaves app://shopfloor and never opens another window. A link the user follows
 * to an http(s) page opens in their browser instead; frames and redirects are simply stopped.
 */
export function guardNavigation(contents: GuardedContents, shell: Pick<Shell, 'openExternal'>): void {
  const stopForeign = (event: NavigationEvent): boolean => {
    if (isAppUrl(event.url)) return false;
    event.preventDefault();
    return true;
  };
  contents.on('will-navigate', (event) => {
    if (stopForeign(event)) openExternalSafely(shell, event.url);
  });
  contents.on('will-frame-navigate', (event) => {
    if (!event.isMainFrame) stopForeign(event);
  });
  contents.on('will-redirect', (event) => {
    stopForeign(event);
  });
  contents.setWindowOpenHandler(({ url }) => {
    openExternalSafely(shell, url);
    return { action: 'deny' };
  });
}
