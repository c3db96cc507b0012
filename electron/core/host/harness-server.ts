import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { Transform } from 'node:stream';
import type { Result } from '../../../shared/contract/result.ts';
import { isShopfloorError } from '../errors.ts';
import { checkFolderPath } from '../security/folder-path.ts';
import type { CoreHost } from './core-host-types.ts';

export const CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'";

const MAX_JSON_BYTES = 10 * 1024 * 1024;
const MAX_UPLOAD_BYTES = 4 * 1024 * 1024 * 1024;
// What is still read (and dropped) of a refused body, so the client gets the 413 rather than a reset.
const MAX_DRAIN_BYTES = 64 * 1024 * 1024;
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

class TooLarge extends Error {}

/**
 * Answers 413 and reads the rest of the body into nothing: closing the connection under a client still
 * sending makes it see a reset, not the answer. A body far past the limit is cut off after all.
 */
function refuseTooLarge(request: http.IncomingMessage, response: http.ServerResponse, limit: number): void {
  let drained = 0;
  request.on('data', (chunk: Buffer) => {
    drained += chunk.length;
    if (drained > MAX_DRAIN_BYTES) request.destroy();
  });
  request.resume();
  send(response, 413, `the body is larger than ${limit} bytes`);
}

function readJson(request: http.IncomingMessage): Promise<unknown> {
  return new Promise((resolve, reject) => {
    let size = 0;
    const chunks: Buffer[] = [];
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_JSON_BYTES) {
        request.off('data', onData);
        reject(new TooLarge());
        return;
      }
      chunks.push(chunk);
    };
    request.on('data', onData);
    request.on('end', () => {
      if (size > MAX_JSON_BYTES) return;
      try {
        resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')));
      } catch (error) {
        reject(error);
      }
    });
    request.on('error', reject);
  });
}

/**
 * Copies a body to `target`, refusing past `limit` bytes, declared or chunked. Piped by hand: a pipeline
 * would destroy the request on the refusal, and the client would see a reset instead of the 413.
 */
function receiveFile(request: http.IncomingMessage, target: string, limit: number): Promise<number> {
  return new Promise((resolve, reject) => {
    let size = 0;
    let failed = false;
    const out = fs.createWriteStream(target, { mode: 0o600 });
    const counter = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        size += chunk.length;
        done(size > limit ? new TooLarge() : null, chunk);
      },
    });
    const fail = (error: Error) => {
      if (failed) return;
      failed = true;
      request.unpipe(counter);
      // Settled once the file is closed, so the caller can remove it.
      out.once('close', () => reject(error));
      out.destroy();
    };
    counter.on('error', fail);
    out.on('error', fail);
    request.on('error', fail);
    out.on('finish', () => resolve(size));
    request.pipe(counter).pipe(out);
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

export interface HarnessOptions {
  port?: number;
  staticDir: string;
  uploadDir?: string;
  maxUploadBytes?: number;
  /**
   * Stands in for main's folder dialog (`/api/choose-folder`): a browser cannot hand out a folder's path.
   * Without it the harness has no folder dialog. `npm run dev:web -- --folder-dialog DIR` answers DIR.
   */
  chooseFolder?: () => Promise<string | null>;
}

/**
 * The browser harness: the same core behind HTTP on 127.0.0.1, for e2e tests and for trying the UI
 * without Electron. Every API call needs the random token as `Authorization: Bearer …` (handed to the
 * page in the URL fragment, which is never sent to a server), a Host header naming this server (no DNS
 * rebinding), and JSON (no form posts from other pages). Uploaded files are granted to the core like
 * files chosen in the app's dialog (no other path is read), and deleted once imported or when the
 * harness stops. Never started by the packaged app.
 */
export async function startHarness(core: CoreHost, options: HarnessOptions): Promise<Harness> {
  const token = crypto.randomBytes(24).toString('base64url');
  const ownUploadDir = options.uploadDir === undefined;
  const uploadDir = options.uploadDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'shopfloor-uploads-'));
  const maxUpload = options.maxUploadBytes ?? MAX_UPLOAD_BYTES;
  const uploads = new Set<string>();
  const importing = new Map<string, string>();
  const discard = (file: string) => {
    core.grants.revokeFile(file);
    uploads.delete(file);
    fs.rmSync(path.dirname(file), { recursive: true, force: true });
  };
  const streams = new Set<http.ServerResponse>();
  const unsubscribe = core.on((event, payload) => {
    const frame = `data: ${JSON.stringify({ event, payload })}\n\n`;
    for (const stream of streams) stream.write(frame);
    // An upload is used up once imported; after a failed or cancelled import it stays for another try.
    if (event === 'import.finished' || event === 'import.failed') {
      const { jobId } = payload as { jobId: string };
      const file = importing.get(jobId);
      importing.delete(jobId);
      if (file !== undefined && event === 'import.finished') discard(file);
    }
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
    const given = Buffer.from(bearer.startsWith('Bearer ') ? bearer.slice('Bearer '.length) : '');
    const expected = Buffer.from(token);
    if (given.length !== expected.length || !crypto.timingSafeEqual(given, expected)) return send(response, 401, 'unauthorized');

    if (url.pathname === '/api/invoke' && request.method === 'POST') {
      if (!(request.headers['content-type'] ?? '').startsWith('application/json')) return send(response, 415, 'JSON only');
      if (Number(request.headers['content-length'] ?? 0) > MAX_JSON_BYTES) return refuseTooLarge(request, response, MAX_JSON_BYTES);
      let body: unknown;
      try {
        body = await readJson(request);
      } catch (error) {
        if (error instanceof TooLarge) return refuseTooLarge(request, response, MAX_JSON_BYTES);
        return send(response, 400, JSON.stringify({ ok: false, error: { code: 'bad_request', message: 'the request is not JSON' } }), 'application/json');
      }
      const { method, input } = (body ?? {}) as { method?: unknown; input?: unknown };
      const result: Result<unknown> = typeof method === 'string' ? await core.invoke(method, input) : { ok: false, error: { code: 'bad_request', message: 'no method' } };
      if (method === 'import.start' && result.ok) {
        const file = path.resolve(String((input as { path?: unknown }).path));
        if (uploads.has(file)) importing.set((result.value as { jobId: string }).jobId, file);
      }
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
      if (Number(request.headers['content-length'] ?? 0) > maxUpload) return refuseTooLarge(request, response, maxUpload);
      const folder = fs.mkdtempSync(path.join(uploadDir, 'f-'));
      const target = path.join(folder, name);
      let size: number;
      try {
        // Counted as it arrives: a chunked body declares no length.
        size = await receiveFile(request, target, maxUpload);
      } catch (error) {
        fs.rmSync(folder, { recursive: true, force: true });
        return error instanceof TooLarge ? refuseTooLarge(request, response, maxUpload) : send(response, 400, 'upload failed');
      }
      uploads.add(target);
      core.grants.grantFile(target);
      return send(response, 200, JSON.stringify({ path: target, file: name, size }), 'application/json');
    }
    if (url.pathname === '/api/choose-folder' && request.method === 'POST') {
      request.resume();
      if (!options.chooseFolder) return send(response, 404, 'the browser harness has no folder dialog: start it with --folder-dialog DIR');
      const chosen = await options.chooseFolder();
      if (chosen === null) return send(response, 200, 'null', 'application/json');
      try {
        const folder = checkFolderPath(chosen);
        core.grants.grantFolder(folder);
        return send(response, 200, JSON.stringify({ path: folder }), 'application/json');
      } catch (error) {
        if (!isShopfloorError(error)) throw error;
        return send(response, 422, JSON.stringify({ code: error.code, message: error.message }), 'application/json');
      }
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
      for (const file of [...uploads]) discard(file);
      if (ownUploadDir) fs.rmSync(uploadDir, { recursive: true, force: true });
    },
  };
}
