import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { CoreHost } from './core-host-types.ts';

export const CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'";

const MAX_JSON_BYTES = 10 * 1024 * 1024;
const MAX_UPLOAD_BYTES = 4 * 1024 * 1024 * 1024;
const types: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8', '.json': 'application/json',
  '.svg': 'image/svg+xml', '.png': 'image/png', '.ico': 'image/x-icon', '.woff2': 'font/woff2', '.map': 'application/json',
};

export interface Harness {
  url: string;
  token: string;
  port: number;
  close(): Promise<void>;
}

function send(response: http.ServerResponse, status: number, body: string, type = 'text/plain; charset=utf-8'): void {
  response.writeHead(status, { 'content-type': type, 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
  response.end(body);
}

function readJson(request: http.IncomingMessage): Promise<unknown> {
  return new Promise((resolve, reject) => {
    let size = 0;
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_JSON_BYTES) {
        reject(new Error('too large'));
        request.destroy();
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => {
      try {
        resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')));
      } catch (error) {
        reject(error);
      }
    });
    request.on('error', reject);
  });
}

/** A file in the UI folder, or null when the path would leave it. */
export function resolveStatic(root: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath.split('?')[0]!);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  const relative = decoded === '/' ? 'index.html' : decoded.replace(/^\/+/, '');
  const resolved = path.resolve(root, relative);
  const rootResolved = path.resolve(root);
  if (resolved !== rootResolved && !resolved.startsWith(rootResolved + path.sep)) return null;
  try {
    const real = fs.realpathSync(resolved);
    const realRoot = fs.realpathSync(rootResolved);
    if (!real.startsWith(realRoot + path.sep)) return null;
    return fs.statSync(real).isFile() ? real : null;
  } catch {
    return null;
  }
}

/**
 * The browser harness: the same core behind HTTP on 127.0.0.1, for e2e tests and for trying the UI
 * without Electron. Every API call needs the random token (handed to the page in the URL fragment, which
 * is never sent to a server), a Host header naming this server (no DNS rebinding), and JSON (no form
 * posts from other pages). Never started by the packaged app.
 */
export async function startHarness(core: CoreHost, options: { port?: number; staticDir: string; uploadDir?: string }): Promise<Harness> {
  const token = crypto.randomBytes(24).toString('base64url');
  const uploadDir = options.uploadDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'shopfloor-uploads-'));
  const streams = new Set<http.ServerResponse>();
  const unsubscribe = core.on((event, payload) => {
    const frame = `data: ${JSON.stringify({ event, payload })}\n\n`;
    for (const stream of streams) stream.write(frame);
  });
  let port = 0;
  const allowedHosts = () => new Set([`127.0.0.1:${port}`, `localhost:${port}`]);

  const server = http.createServer(async (request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    if (!allowedHosts().has(request.headers.host ?? '')) return send(response, 403, 'forbidden host');
    if (!url.pathname.startsWith('/api/')) {
      if (request.method !== 'GET' && request.method !== 'HEAD') return send(response, 405, 'method not allowed');
      const file = resolveStatic(options.staticDir, url.pathname);
      if (!file) return send(response, 404, 'not found');
      response.writeHead(200, {
        'content-type': types[path.extname(file)] ?? 'application/octet-stream',
        'cache-control': 'no-store', 'x-content-type-options': 'nosniff',
        ...(file.endsWith('.html') ? { 'content-security-policy': CONTENT_SECURITY_POLICY } : {}),
      });
      fs.createReadStream(file).pipe(response);
      return;
    }
    const origin = request.headers.origin;
    if (origin !== undefined && origin !== `http://127.0.0.1:${port}` && origin !== `http://localhost:${port}`) return send(response, 403, 'forbidden origin');
    const bearer = request.headers.authorization ?? '';
    const given = Buffer.from(bearer.replace(/^Bearer /, ''));
    const expected = Buffer.from(token);
    if (given.length !== expected.length || !crypto.timingSafeEqual(given, expected)) return send(response, 401, 'unauthorized');

    if (url.pathname === '/api/invoke' && request.method === 'POST') {
      if (!(request.headers['content-type'] ?? '').startsWith('application/json')) return send(response, 415, 'JSON only');
      let body: unknown;
      try {
        body = await readJson(request);
      } catch {
        return send(response, 400, JSON.stringify({ ok: false, error: { code: 'bad_request', message: 'the request is not JSON' } }), 'application/json');
      }
      const { method, input } = (body ?? {}) as { method?: unknown; input?: unknown };
      const result = typeof method === 'string' ? await core.invoke(method, input) : { ok: false, error: { code: 'bad_request', message: 'no method' } };
      return send(response, 200, JSON.stringify(result), 'application/json');
    }
    if (url.pathname === '/api/events' && request.method === 'GET') {
      response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
      response.write(': connected\n\n');
      streams.add(response);
      request.on('close', () => streams.delete(response));
      return;
    }
    if (url.pathname === '/api/upload' && request.method === 'POST') {
      // The browser cannot hand us a path: the file is copied into the harness's own folder.
      const name = path.basename(url.searchParams.get('name') ?? 'upload').replace(/[^\p{L}\p{N}._ -]/gu, '_').slice(0, 200) || 'upload';
      const declared = Number(request.headers['content-length'] ?? 0);
      if (declared > MAX_UPLOAD_BYTES) return send(response, 413, 'too large');
      const folder = fs.mkdtempSync(path.join(uploadDir, 'f-'));
      const target = path.join(folder, name);
      try {
        await pipeline(request, fs.createWriteStream(target, { mode: 0o600 }));
      } catch {
        return send(response, 400, 'upload failed');
      }
      const size = fs.statSync(target).size;
      return send(response, 200, JSON.stringify({ path: target, file: name, size }), 'application/json');
    }
    return send(response, 404, 'not found');
  });

  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  port = (server.address() as { port: number }).port;
  const keepAlive = setInterval(() => {
    for (const stream of streams) stream.write(': ping\n\n');
  }, 15_000);
  return {
    url: `http://127.0.0.1:${port}/#token=${token}`,
    token,
    port,
    close: async () => {
      clearInterval(keepAlive);
      unsubscribe();
      for (const stream of streams) stream.end();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
    },
  };
}
