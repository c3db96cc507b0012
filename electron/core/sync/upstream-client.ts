import fs from 'node:fs';
import { Readable } from 'node:stream';
import { retryAfterMs } from '../channels/http-sms-channel.ts';
import { fetchWithCredentials, redirectRefusal } from '../security/credential-fetch.ts';
import { upstreamCleartextProblem, upstreamUrl, type Upstream } from './upstream-settings.ts';

export type UploadOutcome =
  | { kind: 'done' }
  | { kind: 'remote'; jobId: string }
  | { kind: 'transient'; error: string; retryAfterMs?: number; offline?: boolean }
  | { kind: 'permanent'; error: string };

export type PollOutcome = { kind: 'done' } | { kind: 'pending' } | { kind: 'failed'; error: string } | UploadOutcome & { kind: 'transient' };

function headers(upstream: Upstream, extra: Record<string, string> = {}): Record<string, string> {
  return { authorization: `Token ${upstream.token}`, appid: upstream.config.app_id, ...extra };
}

async function classify(response: Response, requested: URL, now: number): Promise<UploadOutcome> {
  const redirected = redirectRefusal(response, requested);
  if (redirected) {
    await response.body?.cancel().catch(() => undefined);
    return { kind: 'permanent', error: redirected };
  }
  const text = await response.text().catch(() => '');
  let json: Record<string, unknown> | null = null;
  try {
    json = text ? (JSON.parse(text) as Record<string, unknown>) : null;
  } catch {
    json = null;
  }
  if (response.status === 202 && json && (typeof json.job_id === 'string' || typeof json.job_id === 'number')) return { kind: 'remote', jobId: String(json.job_id) };
  if (response.ok) return { kind: 'done' };
  const message = typeof json?.message === 'string' ? json.message : typeof json?.error === 'string' ? json.error : text.slice(0, 300);
  const error = `HTTP ${response.status}${message ? `: ${message}` : ''}`;
  if (response.status === 429 || response.status === 408 || response.status >= 500) {
    const retry = retryAfterMs(response.headers.get('retry-after'), now);
    return retry === undefined ? { kind: 'transient', error } : { kind: 'transient', error, retryAfterMs: retry };
  }
  return { kind: 'permanent', error };
}

function networkOutcome(error: unknown, timeoutMs: number): UploadOutcome {
  const cause = (error as { cause?: { code?: string } }).cause;
  const name = (error as Error).name;
  if (name === 'TimeoutError' || name === 'AbortError') return { kind: 'transient', error: `no answer within ${timeoutMs / 1000} s` };
  const offline = cause?.code === 'ECONNREFUSED' || cause?.code === 'ENOTFOUND' || cause?.code === 'EAI_AGAIN' || cause?.code === 'ENETUNREACH';
  return { kind: 'transient', error: offline ? `the platform cannot be reached (${cause?.code})` : `the connection broke (${cause?.code ?? (error as Error).message})`, offline };
}

/** Where a request goes, or the reason it must not go at all (the token in plain text, a path off the server). */
function target(upstream: Upstream, path: string): { url: URL } | { refused: string } {
  const cleartext = upstreamCleartextProblem(upstream.config);
  if (cleartext) return { refused: `${cleartext}: change the base URL in Settings` };
  try {
    return { url: upstreamUrl(upstream.config, path) };
  } catch (error) {
    return { refused: (error as Error).message };
  }
}

/** One upload: the file streamed as text/csv, with the job's idempotency key. Never throws. */
export async function uploadFile(upstream: Upstream, path: string, file: string, key: string, now: () => number, fetcher: typeof fetch = fetch): Promise<UploadOutcome> {
  const to = target(upstream, path);
  if ('refused' in to) return { kind: 'permanent', error: to.refused };
  try {
    const response = await fetchWithCredentials(fetcher, to.url, {
      method: 'POST',
      headers: headers(upstream, { 'content-type': 'text/csv; charset=utf-8', 'idempotency-key': key, 'content-length': String(fs.statSync(file).size) }),
      body: Readable.toWeb(fs.createReadStream(file)) as ReadableStream,
      duplex: 'half',
      signal: AbortSignal.timeout(upstream.config.timeout_ms),
    } as RequestInit);
    return await classify(response, to.url, now());
  } catch (error) {
    return networkOutcome(error, upstream.config.timeout_ms);
  }
}

/** Asks how a job the platform accepted for later (202) went. */
export async function pollJob(upstream: Upstream, jobId: string, now: () => number, fetcher: typeof fetch = fetch): Promise<PollOutcome> {
  const to = target(upstream, upstream.config.status_path.replace('{job_id}', encodeURIComponent(jobId)));
  if ('refused' in to) return { kind: 'failed', error: to.refused };
  try {
    const response = await fetchWithCredentials(fetcher, to.url, {
      headers: headers(upstream), signal: AbortSignal.timeout(upstream.config.timeout_ms),
    });
    if (!response.ok) {
      const outcome = await classify(response, to.url, now());
      return outcome.kind === 'transient' ? outcome : { kind: 'failed', error: outcome.kind === 'permanent' ? outcome.error : `HTTP ${response.status}` };
    }
    const body = (await response.json().catch(() => ({}))) as { status?: unknown; message?: unknown };
    const status = String(body.status ?? 'done').toLowerCase();
    if (['pending', 'queued', 'processing', 'running'].includes(status)) return { kind: 'pending' };
    if (['failed', 'error', 'rejected'].includes(status)) return { kind: 'failed', error: typeof body.message === 'string' ? body.message : 'the platform rejected the file' };
    return { kind: 'done' };
  } catch (error) {
    return networkOutcome(error, upstream.config.timeout_ms) as PollOutcome;
  }
}
