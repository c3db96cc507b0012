import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CoreHost } from '../../electron/core/host/core-host-types.ts';
import { startHarness, type Harness } from '../../electron/core/host/harness-server.ts';
import { startCoreHost } from '../../electron/core/host/start-core-host.ts';
import { posHeader, toDelimited, writeLargePosCsv } from '../fixtures/pos-csv.ts';
import { useTempDir } from '../helpers/temp-dir.ts';

const tempDir = useTempDir();
let core: CoreHost;
let harness: Harness;
let base: string;
let harnessDir: string;

/** A plain HTTP request; `chunks` are sent with chunked transfer encoding (no declared length). */
function raw(pathname: string, options: { method?: string; headers?: Record<string, string>; body?: string | Buffer; chunks?: Buffer[]; port?: number } = {}): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const request = http.request({ host: '127.0.0.1', port: options.port ?? harness.port, path: pathname, method: options.method ?? 'GET', headers: options.headers }, (response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => { body += chunk.toString(); });
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
    });
    request.on('error', reject);
    for (const chunk of options.chunks ?? []) request.write(chunk);
    request.end(options.body);
  });
}

// Test-side view of results: loosely typed on purpose, each test asserts the shape it needs.
type Loose = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

async function invoke(method: string, input: unknown): Promise<{ ok: boolean; value: Loose; error?: { code: string; message: string } }> {
  const response = await fetch(`${base}/api/invoke`, { method: 'POST', headers: { authorization: `Bearer ${harness.token}`, 'content-type': 'application/json' }, body: JSON.stringify({ method, input }) });
  return response.json() as Promise<{ ok: boolean; value: Loose; error?: { code: string; message: string } }>;
}

/** Starts an import job and collects the event stream until the job finishes or fails. */
async function importWithEvents(file: string): Promise<{ started: Loose; events: Array<{ event: string; payload: Loose }> }> {
  const events: Array<{ event: string; payload: Loose }> = [];
  const stream = await fetch(`${base}/api/events`, { headers: { authorization: `Bearer ${harness.token}` } });
  const reader = stream.body!.getReader();
  const started = await invoke('import.start', { path: file, kind: 'pos', tz: 'Asia/Tokyo', map: [] });
  expect(started.ok).toBe(true);
  let buffer = '';
  for (let attempt = 0; attempt < 5_000 && !events.some((event) => event.event === 'import.finished' || event.event === 'import.failed'); attempt++) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += new TextDecoder().decode(value);
    for (const frame of buffer.split('\n\n').slice(0, -1)) if (frame.startsWith('data: ')) events.push(JSON.parse(frame.slice(6)));
    buffer = buffer.slice(buffer.lastIndexOf('\n\n') + 2);
  }
  await reader.cancel();
  return { started, events };
}

beforeAll(async () => {
  const dir = tempDir();
  harnessDir = dir;
  const ui = path.join(dir, 'ui');
  fs.mkdirSync(ui);
  fs.writeFileSync(path.join(ui, 'index.html'), '<!doctype html><title>Shopfloor</title>');
  fs.writeFileSync(path.join(dir, 'secret.txt'), 'secret');
  core = startCoreHost({ dbPath: path.join(dir, 'store.db'), harness: true, schedulerIntervalMs: 0 });
  harness = await startHarness(core, { staticDir: ui, uploadDir: dir });
  base = `http://127.0.0.1:${harness.port}`;
});

afterAll(async () => {
  await harness.close();
  await core.close();
});

describe('the browser harness', () => {
  it('serves the UI with a CSP and nothing outside its folder', async () => {
    const index = await fetch(`${base}/`);
    expect(index.status).toBe(200);
    expect(index.headers.get('content-security-policy')).toContain("default-src 'self'");
    for (const escape of ['/../secret.txt', '/%2e%2e/secret.txt', '/..%2fsecret.txt', '/%00']) expect((await raw(escape)).status, escape).toBe(404);
    expect(harness.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/#token=[\w-]{32}$/);
  });

  it('refuses calls without the token, from another origin, or to another host name', async () => {
    const body = JSON.stringify({ method: 'batches.list', input: {} });
    expect((await raw('/api/invoke', { method: 'POST', headers: { 'content-type': 'application/json' }, body })).status).toBe(401);
    expect((await raw('/api/invoke', { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer nope' }, body })).status).toBe(401);
    // The token alone, or with another scheme, is not a bearer token.
    for (const authorization of [harness.token, `Token ${harness.token}`, `bearer${harness.token}`]) {
      expect((await raw('/api/invoke', { method: 'POST', headers: { 'content-type': 'application/json', authorization }, body })).status, authorization).toBe(401);
    }
    expect((await raw('/api/invoke', { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${harness.token}`, origin: 'https://evil.example' }, body })).status).toBe(403);
    expect((await raw('/api/invoke', { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${harness.token}`, host: 'evil.example' }, body })).status).toBe(403);
    expect((await raw('/api/invoke', { method: 'POST', headers: { 'content-type': 'text/plain', authorization: `Bearer ${harness.token}` }, body })).status).toBe(415);
  });

  it('parses every input with the contract and answers errors as values', async () => {
    expect(await invoke('batches.get', { id: 'one' })).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    expect(await invoke('batches.get', { id: 1, extra: true })).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    expect(await invoke('no.such', {})).toMatchObject({ ok: false, error: { code: 'unknown_method' } });
    expect(await invoke('batches.get', { id: 99 })).toMatchObject({ ok: false, error: { code: 'batch_not_found' } });
  });

  it('takes an uploaded file through inspect, a worker import with progress events, review and commit', async () => {
    const csv = toDelimited([posHeader,
      ['M1', '2026/11/27 10:00', 'S01', 'R1', '1', 'A', '抹茶ラテ', '1', '¥480', '¥480', 'cash'],
      ['', '2026/11/27 10:01', 'S01', 'R2', '1', 'A', 'Tea', '1', '100', '100', 'cash']]);
    const uploaded = await (await fetch(`${base}/api/upload?name=${encodeURIComponent('pos 11月.csv')}`, { method: 'POST', headers: { authorization: `Bearer ${harness.token}` }, body: csv })).json() as { path: string; file: string };
    expect(uploaded.file).toBe('pos 11月.csv');

    const inspection = await invoke('files.inspect', { path: uploaded.path, tz: 'Asia/Tokyo' });
    expect(inspection.value).toMatchObject({ kind: 'pos', encoding: 'utf-8', delimiter: ',', missing_required: [], mapping: { user_id: 'Member ID', occurred_at: 'Purchased At' } });
    expect(inspection.value.samples[0][6]).toBe('抹茶ラテ');

    const { started, events } = await importWithEvents(uploaded.path);
    const finished = events.find((event) => event.event === 'import.finished');
    expect(finished?.payload).toMatchObject({ jobId: started.value.jobId, batch: { status: 'staged', rows: 2, accepted: 1, rejected: 1 } });

    const id = finished!.payload.batch.id as number;
    const rows = await invoke('batches.rows', { id, outcome: 'all' });
    expect(rows.value.rows.map((row: { row: number; outcome: string }) => [row.row, row.outcome])).toEqual([[2, 'accepted'], [3, 'rejected']]);
    expect(rows.value.rows[0].cells.slice(0, 2)).toEqual(['M1', '2026-11-27 10:00:00+09:00']);
    expect(rows.value.rows[1].reasons[0]).toMatch(/^missing_user_id/);
    expect((await invoke('batches.commit', { id })).value).toMatchObject({ committed: [id], events: 1 });
    expect((await invoke('timeline.get', { userId: 'M1' })).value.events[0]).toMatchObject({ is_offline: true, status: 'committed' });
    const csvOut = await invoke('batches.rejectedCsv', { id });
    expect(csvOut.value).toMatchObject({ filename: 'pos 11月-rejected-rows.csv', rows: 1 });
    // Used up: the upload is gone, and its path is no longer one the core reads.
    expect(fs.existsSync(uploaded.path)).toBe(false);
    expect(await invoke('files.inspect', { path: uploaded.path })).toMatchObject({ ok: false, error: { code: 'file_not_granted' } });
  });

  it('reads no file that was not uploaded: files.inspect /etc/passwd is refused', async () => {
    for (const file of ['/etc/passwd', path.join(harnessDir, 'secret.txt')]) {
      expect(await invoke('files.inspect', { path: file }), file).toMatchObject({ ok: false, error: { code: 'file_not_granted' } });
      expect(await invoke('import.start', { path: file, kind: 'pos', map: [] }), file).toMatchObject({ ok: false, error: { code: 'file_not_granted' } });
    }
  });

  it('answers 413 to a body over the limit, declared or chunked, keeps none of it, and deletes uploads when it stops', async () => {
    const dir = tempDir();
    const small = await startHarness(core, { staticDir: dir, uploadDir: dir, maxUploadBytes: 1000 });
    const auth = { authorization: `Bearer ${small.token}` };
    expect((await raw('/api/upload?name=big.csv', { method: 'POST', port: small.port, headers: auth, body: Buffer.alloc(2000, 65) })).status).toBe(413);
    expect((await raw('/api/upload?name=big.csv', { method: 'POST', port: small.port, headers: { ...auth, 'transfer-encoding': 'chunked' }, chunks: Array.from({ length: 40 }, () => Buffer.alloc(100_000, 65)) })).status).toBe(413);
    const json = Buffer.from(JSON.stringify({ method: 'app.info', input: { pad: 'x'.repeat(10 * 1024 * 1024) } }));
    expect((await raw('/api/invoke', { method: 'POST', port: small.port, headers: { ...auth, 'content-type': 'application/json' }, body: json })).status).toBe(413);
    expect((await raw('/api/invoke', { method: 'POST', port: small.port, headers: { ...auth, 'content-type': 'application/json', 'transfer-encoding': 'chunked' }, chunks: [json] })).status).toBe(413);
    expect(fs.readdirSync(dir).flatMap((folder) => fs.readdirSync(path.join(dir, folder)))).toEqual([]);

    const kept = await raw('/api/upload?name=pos.csv', { method: 'POST', port: small.port, headers: { ...auth, 'transfer-encoding': 'chunked' }, chunks: [Buffer.from('Member ID\n'), Buffer.from('M1\n')] });
    const { path: uploaded, size } = JSON.parse(kept.body) as { path: string; size: number };
    expect([kept.status, size, fs.existsSync(uploaded)]).toEqual([200, 13, true]);
    await small.close();
    expect(fs.existsSync(uploaded)).toBe(false);
  });

  it('stands in for the folder dialog only when given one, granting what it answers', async () => {
    const dir = tempDir();
    const exports = path.join(dir, 'exports');
    fs.mkdirSync(exports);
    const withDialog = await startHarness(core, { staticDir: dir, chooseFolder: async () => exports });
    const without = await startHarness(core, { staticDir: dir });
    try {
      const choose = (target: Harness) => raw('/api/choose-folder', { method: 'POST', port: target.port, headers: { authorization: `Bearer ${target.token}` } });
      expect((await choose(without)).status).toBe(404);
      expect(await invoke('automation.save', { folder: { folder: exports, kind: 'pos' } })).toMatchObject({ ok: false, error: { code: 'folder_not_granted' } });
      const chosen = await choose(withDialog);
      expect([chosen.status, JSON.parse(chosen.body)]).toEqual([200, { path: exports }]);
      expect(await invoke('automation.save', { folder: { folder: exports, kind: 'pos' } })).toMatchObject({ ok: true, value: { folder: exports, confirmed: true } });
    } finally {
      await withDialog.close();
      await without.close();
    }
  });

  it('imports a large upload on the import worker, which reads it on its own staging worker, with progress', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'pos_large.csv');
    // Above the size at which an import reads its file on a worker thread (8 MB).
    await writeLargePosCsv(file, 120_000, { missingEvery: 40 });
    expect(fs.statSync(file).size).toBeGreaterThan(8 * 1024 * 1024);
    const uploaded = await (await fetch(`${base}/api/upload?name=pos_large.csv`, { method: 'POST', headers: { authorization: `Bearer ${harness.token}` }, body: fs.readFileSync(file) })).json() as { path: string };

    const { started, events } = await importWithEvents(uploaded.path);
    const finished = events.find((event) => event.event === 'import.finished');
    expect(finished?.payload).toMatchObject({ jobId: started.value.jobId, batch: { status: 'staged', rows: 120_000, accepted: 117_000, rejected: 3_000, duplicates: 0 } });
    const progress = events.filter((event) => event.event === 'import.progress').map((event) => event.payload.rows as number);
    expect(progress.length).toBeGreaterThan(0);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
  });
});
