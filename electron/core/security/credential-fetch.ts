/**
 * Every HTTP request that carries a credential goes through here (or, for SMS, undici's own client, which
 * does not follow them either): redirects are never followed, so a
 * gateway or platform (or anyone on the way) answering 3xx cannot send our auth header, or a phone
 * number and text replayed by a 307, to another host.
 */
export function fetchWithCredentials(fetcher: typeof fetch, url: string | URL, init: RequestInit): Promise<Response> {
  return fetcher(url, { ...init, redirect: 'manual' });
}

/** The failure to report for a redirect answer, or null for any other answer. */
export function redirectRefusal(response: Response, requested: string | URL): string | null {
  return redirectProblem(response.status, response.headers.get('location'), requested);
}

/** The same, from an answer's status and Location header (clients other than fetch). */
export function redirectProblem(status: number, location: string | null, requested: string | URL): string | null {
  if (status < 300 || status > 399 || status === 304) return null;
  let where = '';
  try {
    if (location) where = ` to ${new URL(location, requested).origin}`;
  } catch {
    // An unreadable Location names nothing.
  }
  return `HTTP ${status}: the server redirects${where}; Shopfloor does not follow redirects with credentials, so set the final address in the settings`;
}
