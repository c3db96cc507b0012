import { Agent, request, type Dispatcher } from 'undici';
import { redirectProblem } from '../security/credential-fetch.ts';
import { channelCleartextProblem, type SmsConfig } from './channel-settings.ts';
import type { SendOutcome, SmsChannel, SmsToSend } from './send-outcome.ts';

function fill(text: string, values: Record<string, string>): string {
  return text.replace(/\{\{\s*(to|text|request_id|sender)\s*\}\}/g, (_, key: string) => values[key] ?? '');
}

function fillJson(value: unknown, values: Record<string, string>): unknown {
  if (typeof value === 'string') return fill(value, values);
  if (Array.isArray(value)) return value.map((item) => fillJson(item, values));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, fillJson(item, values)]));
  return value;
}

/** The request body: values go in as JSON strings or encoded form fields, never spliced into raw text. */
export function smsBody(config: SmsConfig, values: Record<string, string>): { body: string; type: string } {
  if (config.body_format === 'json') return { body: JSON.stringify(fillJson(JSON.parse(config.body_template), values)), type: 'application/json' };
  const form = new URLSearchParams();
  for (const pair of config.body_template.split('&')) {
    const [key, template = ''] = pair.split('=');
    if (key) form.append(decodeURIComponent(key), fill(decodeURIComponent(template), values));
  }
  return { body: form.toString(), type: 'application/x-www-form-urlencoded' };
}

export function retryAfterMs(header: string | null, now: number): number | undefined {
  if (header === null) return undefined;
  if (/^\d+$/.test(header.trim())) return Number(header.trim()) * 1000;
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

function providerId(json: unknown, path: string | undefined): string | undefined {
  if (!path) return undefined;
  let value: unknown = json;
  for (const key of path.split('.')) {
    if (!value || typeof value !== 'object' || !Object.prototype.hasOwnProperty.call(value, key)) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value === undefined || value === null ? undefined : String(value);
}

// A gateway's answer is a short JSON or text: only its start is read (the network is not trusted to stop).
const MAX_ANSWER_BYTES = 64 * 1024;

async function answerText(body: Dispatcher.ResponseData['body']): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body as AsyncIterable<Buffer>) {
    chunks.push(chunk);
    size += chunk.length;
    // (Leaving the loop closes the stream.)
    if (size >= MAX_ANSWER_BYTES) break;
  }
  return Buffer.concat(chunks).subarray(0, MAX_ANSWER_BYTES).toString('utf8');
}

/** Why an attempt got no answer: before anything was sent (try again) or after (the gateway may have it). */
function failedRequest(error: unknown, timeoutMs: number): SendOutcome {
  const code = (error as { code?: string }).code;
  if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EAI_AGAIN') return { kind: 'transient', error: `the gateway is unreachable (${code})` };
  // No connection within the time: nothing reached the gateway.
  if (code === 'UND_ERR_CONNECT_TIMEOUT') return { kind: 'transient', error: `the gateway is unreachable (no connection within ${timeoutMs} ms)` };
  if (code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT') return { kind: 'in_doubt', error: `no answer within ${timeoutMs} ms` };
  return { kind: 'in_doubt', error: `the connection broke (${code ?? (error as Error).message})` };
}

/**
 * SMS through an HTTP gateway. Every attempt of a message carries the same request id (in the body
 * and as Idempotency-Key), so a retry after a timeout cannot make the gateway send it twice. Close it
 * after use: it keeps its connections to the gateway open between sends.
 */
export function createHttpSmsChannel(config: SmsConfig, authValue: string | null, now: () => number): SmsChannel {
  // A setup saved before credentials needed TLS: refused here too, before anything is sent.
  const cleartext = authValue ? channelCleartextProblem('sms', config) : null;
  // undici's own client with its timeouts rather than fetch: fetch took 4–5 times its CPU for each send
  // (BENCHMARKS.md). It never follows a redirect (credential-fetch.ts says why).
  const agent = new Agent({ connectTimeout: config.timeout_ms, headersTimeout: config.timeout_ms, bodyTimeout: config.timeout_ms });
  return {
    async send(sms: SmsToSend): Promise<SendOutcome> {
      if (cleartext) return { kind: 'permanent', error: `${cleartext.problem}: change the gateway URL in Settings` };
      const { body, type } = smsBody(config, { to: sms.to, text: sms.text, request_id: sms.requestId, sender: config.sender ?? '' });
      let response: Dispatcher.ResponseData;
      try {
        response = await request(config.url, {
          method: config.method,
          headers: { 'content-type': type, 'idempotency-key': sms.requestId, ...(authValue ? { [config.auth_header]: authValue } : {}) },
          body,
          dispatcher: agent,
        });
      } catch (error) {
        return failedRequest(error, config.timeout_ms);
      }
      const status = response.statusCode;
      const header = (name: string): string | null => {
        const value = response.headers[name];
        return value === undefined ? null : Array.isArray(value) ? value.join(', ') : value;
      };
      const redirected = redirectProblem(status, header('location'), config.url);
      if (redirected) {
        await response.body.dump().catch(() => undefined);
        return { kind: 'permanent', error: redirected };
      }
      const text = await answerText(response.body).catch(() => '');
      if (status >= 200 && status < 300) {
        let json: unknown = null;
        try {
          json = text ? JSON.parse(text) : null;
        } catch {
          // A gateway may answer in plain text; the request id identifies the message then.
        }
        return { kind: 'accepted', providerId: providerId(json, config.id_path) ?? header('x-message-id') ?? sms.requestId };
      }
      const error = `HTTP ${status}${text ? `: ${text.slice(0, 300)}` : ''}`;
      if (status === 429 || status === 408 || status >= 500) {
        const retry = retryAfterMs(header('retry-after'), now());
        return retry === undefined ? { kind: 'transient', error } : { kind: 'transient', error, retryAfterMs: retry };
      }
      return { kind: 'permanent', error };
    },
    close: () => void agent.close().catch(() => undefined),
  };
}
