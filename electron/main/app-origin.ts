/** The UI's own origin: `app://shopfloor`, served from the built renderer folder. */
export const APP_SCHEME = 'app';
export const APP_HOST = 'shopfloor';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_INDEX_URL = `${APP_ORIGIN}/index.html`;

/**
 * Whether a URL belongs to our origin. Node's URL reports `origin: 'null'` for schemes it does not
 * know, so the parts are compared instead.
 */
export function isAppUrl(raw: string): boolean {
  const url = parseUrl(raw);
  return url !== null && url.protocol === `${APP_SCHEME}:` && url.hostname === APP_HOST
    && url.port === '' && url.username === '' && url.password === '';
}

export function parseUrl(raw: string): URL | null {
  try {
    return new URL(raw);
  } catch {
    return null;
  }
}
