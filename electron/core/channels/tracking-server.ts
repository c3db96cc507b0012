import http from 'node:http';
import type { Clock } from '../clock.ts';
import type { Db } from '../store/open-store.ts';
import { recordTrackingEvent } from './tracking-events.ts';

// The smallest transparent GIF.
const PIXEL = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');

export interface TrackingServer {
  url: string;
  close(): Promise<void>;
}

/**
 * The local tracking endpoint: /o/<token>.gif (open), /c/<token>?u=<url> (click, then a redirect to an
 * http(s) address only), /u/<token> (unsubscribe; POST for one-click unsubscribe, RFC 8058).
 */
export async function startTrackingServer(db: Db, clock: Clock, options: { port?: number; host?: string } = {}): Promise<TrackingServer> {
  const server = http.createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const match = /^\/([ocu])\/([\w-]{1,100})(?:\.gif)?$/.exec(url.pathname);
    if (!match) {
      response.writeHead(404).end();
      return;
    }
    const [, kind, key] = match;
    if (kind === 'o') {
      recordTrackingEvent(db, clock, key!, 'email_open');
      response.writeHead(200, { 'content-type': 'image/gif', 'cache-control': 'no-store' }).end(PIXEL);
    } else if (kind === 'c') {
      const target = url.searchParams.get('u') ?? '';
      let safe: URL | null = null;
      try {
        safe = new URL(target);
      } catch {
        safe = null;
      }
      if (!safe || (safe.protocol !== 'http:' && safe.protocol !== 'https:')) {
        response.writeHead(400).end('bad link');
        return;
      }
      recordTrackingEvent(db, clock, key!, 'email_click', { url: safe.href.slice(0, 2000) });
      response.writeHead(302, { location: safe.href }).end();
    } else {
      const known = recordTrackingEvent(db, clock, key!, 'email_unsubscribe');
      response.writeHead(known ? 200 : 404, { 'content-type': 'text/html; charset=utf-8' })
        .end(known ? '<!doctype html><title>Unsubscribed</title><p>You will not receive these emails any more.</p>' : '<!doctype html><title>Not found</title><p>This link is not valid.</p>');
    }
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://${options.host ?? '127.0.0.1'}:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
