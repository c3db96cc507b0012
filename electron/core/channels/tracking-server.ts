import http from 'node:http';
import type { Clock } from '../clock.ts';
import type { Db } from '../store/open-store.ts';
import { recordTrackingEvents, type TrackingEntry } from './tracking-events.ts';
import { trackingSecret, validTrackingSignature } from './tracking-links.ts';
import { trackingPage } from './tracking-pages.ts';

// The smallest transparent GIF.
const PIXEL = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');
const PAGE_POLICY = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

export interface TrackingServerOptions {
  port?: number;
  host?: string;
  /** Opens and clicks are written as one batch per window (an unsubscribe at once, with what is waiting). */
  windowMs?: number;
  /** Hits answered per minute from one address, and for one message; more get 429. */
  perAddressPerMinute?: number;
  perMessagePerMinute?: number;
}

export interface TrackingServer {
  url: string;
  /** Writes the hits waiting for their window now. */
  flush(): void;
  close(): Promise<void>;
}

/** Fixed one-minute windows on the core's clock, per address and per message key. */
function rateLimiter(clock: Clock, perAddress: number, perMessage: number) {
  let minute = -1;
  const counts = new Map<string, number>();
  const bump = (name: string, limit: number) => {
    const count = (counts.get(name) ?? 0) + 1;
    counts.set(name, count);
    return count <= limit;
  };
  return (address: string, key: string): boolean => {
    const now = Math.floor(clock.now() / 60_000);
    if (now !== minute) {
      minute = now;
      counts.clear();
    }
    // A flood from many addresses in one minute is bounded too: the counts never outgrow this.
    if (counts.size > 100_000) return false;
    const byAddress = bump(`a:${address}`, perAddress);
    const byMessage = bump(`k:${key}`, perMessage);
    return byAddress && byMessage;
  };
}

/**
 * The local tracking endpoint. Every link is signed (tracking-links.ts) and names a message Shopfloor
 * sent; anything else is "not valid", and a click never redirects unless both hold.
 * - /o/<key>.gif?s=… the open pixel (always answered with the image; recorded when valid)
 * - /c/<key>?u=<url>&s=… a click: recorded, then a redirect to that http(s) address
 * - /u/<key>?s=… unsubscribe: GET and HEAD only show a confirmation page (mail scanners follow links);
 *   the change happens on POST: the page's button, or a mail client's RFC 8058 one-click POST.
 */
export async function startTrackingServer(db: Db, clock: Clock, options: TrackingServerOptions = {}): Promise<TrackingServer> {
  const secret = trackingSecret(db);
  const known = db.prepare('SELECT 1 FROM messages WHERE idempotency_key = ?').pluck();
  const allow = rateLimiter(clock, options.perAddressPerMinute ?? 60, options.perMessagePerMinute ?? 20);
  let waiting: TrackingEntry[] = [];
  const flush = () => {
    if (waiting.length === 0) return;
    const entries = waiting;
    waiting = [];
    recordTrackingEvents(db, clock, entries, 'tracking endpoint');
  };
  const hit = (entry: TrackingEntry) => {
    waiting.push({ ...entry, occurredAt: clock.now() });
    if (entry.kind === 'email_unsubscribe' || waiting.length >= 10_000) flush();
  };

  const server = http.createServer((request, response) => {
    // No request body is ever needed (a one-click POST says all in its method and URL).
    request.resume();
    const url = new URL(request.url ?? '/', 'http://localhost');
    const match = /^\/([ocu])\/([\w-]{1,100})(?:\.gif)?$/.exec(url.pathname);
    const page = (status: number, name: Parameters<typeof trackingPage>[0], headers: Record<string, string> = {}) => {
      response.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', 'content-security-policy': PAGE_POLICY, 'x-content-type-options': 'nosniff', ...headers });
      response.end(request.method === 'HEAD' ? undefined : trackingPage(name, request.headers['accept-language']));
    };
    if (!match) return page(404, 'invalid');
    const [, kind, key] = match as unknown as [string, 'o' | 'c' | 'u', string];
    if (!allow(request.socket.remoteAddress ?? '', key)) return page(429, 'busy', { 'retry-after': '60' });
    const target = kind === 'c' ? url.searchParams.get('u') ?? '' : '';
    const valid = validTrackingSignature(secret, kind, key, target, url.searchParams.get('s')) && known.get(key) !== undefined;

    if (kind === 'o') {
      if (valid && (request.method === 'GET' || request.method === 'HEAD')) hit({ key, kind: 'email_open' });
      response.writeHead(200, { 'content-type': 'image/gif', 'cache-control': 'no-store' }).end(request.method === 'HEAD' ? undefined : PIXEL);
      return undefined;
    }
    if (!valid) return page(404, 'invalid');
    if (kind === 'c') {
      // Signed over this very target by us, so it is the http(s) link the email carried.
      hit({ key, kind: 'email_click', extra: { url: target.slice(0, 2000) } });
      response.writeHead(302, { location: target, 'cache-control': 'no-store' }).end();
      return undefined;
    }
    if (request.method === 'GET' || request.method === 'HEAD') return page(200, 'confirm');
    if (request.method !== 'POST') return page(405, 'invalid', { allow: 'GET, HEAD, POST' });
    hit({ key, kind: 'email_unsubscribe' });
    return page(200, 'done');
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  const timer = setInterval(flush, options.windowMs ?? 60_000);
  timer.unref();
  return {
    url: `http://${options.host ?? '127.0.0.1'}:${port}`,
    flush,
    close: async () => {
      clearInterval(timer);
      await new Promise<void>((resolve) => server.close(() => resolve()));
      flush();
    },
  };
}
