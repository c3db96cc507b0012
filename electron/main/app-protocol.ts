import { readFile, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Protocol } from 'electron';
import { APP_SCHEME, isAppUrl, parseUrl } from './app-origin.ts';

export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'none'",
].join('; ');

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
  '.wasm': 'application/wasm',
};

/**
 * Must run before the app is ready: `app://` behaves like https (standard, secure origin, fetch).
 * corsEnabled because Vite emits `<script type="module" crossorigin>`, a CORS-mode request.
 */
export function registerAppScheme(protocol: Pick<Protocol, 'registerSchemesAsPrivileged'>): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true, codeCache: true } },
  ]);
}

export function serveAppProtocol(protocol: Pick<Protocol, 'handle'>, uiRoot: string): void {
  protocol.handle(APP_SCHEME, createAppHandler(uiRoot));
}

/**
 * Serves files under `uiRoot` for `app://shopfloor/…`. Anything that resolves outside the folder
 * (`..`, encoded dots or slashes, absolute paths, NUL, a symlink pointing out) is a 404.
 */
export function createAppHandler(uiRoot: string): (request: Pick<Request, 'url' | 'method'>) => Promise<Response> {
  let realRoot: string | null = null;
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return notFound();
    realRoot ??= await realpath(uiRoot).catch(() => null);
    const file = await resolveInside(realRoot, request.url);
    if (file === null) return notFound();
    const body = await readFile(file).catch(() => null);
    if (body === null) return notFound();
    const type = CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
    const headers: Record<string, string> = { 'content-type': type, 'x-content-type-options': 'nosniff', 'cache-control': 'no-cache' };
    if (type.startsWith('text/html')) headers['content-security-policy'] = CONTENT_SECURITY_POLICY;
    return new Response(request.method === 'HEAD' ? null : new Uint8Array(body), { status: 200, headers });
  };
}

/** The real path of the requested file if it is a regular file inside `root`, else null. */
async function resolveInside(root: string | null, rawUrl: string): Promise<string | null> {
  // The one origin check the navigation guard and the IPC sender check use too.
  const url = isAppUrl(rawUrl) ? parseUrl(rawUrl) : null;
  if (root === null || url === null) return null;
  let relative: string;
  try {
    relative = decodeURIComponent(url.pathname);
  } catch {
    return null;
  }
  if (relative === '/' || relative === '') relative = '/index.html';
  // Refused before resolving, whatever the platform: NUL, backslashes, `..` segments, a second root.
  if (relative.includes('\0') || relative.includes('\\')) return null;
  relative = relative.slice(1);
  if (relative.split('/').includes('..') || path.isAbsolute(relative) || path.win32.isAbsolute(relative)) return null;
  const candidate = path.resolve(root, relative);
  if (!isInside(root, candidate)) return null;
  try {
    // Symlinks are followed here, so the containment check runs again on the real target.
    const real = await realpath(candidate);
    if (!isInside(root, real)) return null;
    return (await stat(real)).isFile() ? real : null;
  } catch {
    return null;
  }
}

function isInside(root: string, candidate: string): boolean {
  const relative = path.relative(root, candidate);
  return relative !== '' && relative !== '..' && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative);
}

function notFound(): Response {
  return new Response('Not found', { status: 404, headers: { 'content-type': 'text/plain; charset=utf-8' } });
}
