import { fetchWithCredentials, redirectRefusal } from '../security/credential-fetch.ts';
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

/**
 * SMS through an HTTP gateway. Every attempt of a message carries the same request id (in the body
 * and as Idempotency-Key), so a retry after a timeout cannot make the gateway send it twice.
 */
export function createHttpSmsChannel(config: SmsConfig, authValue: string | null, now: () => number, fetcher: typeof fetch = fetch): SmsChannel {
  // A setup saved before credentials needed TLS: refused here too, before anything is sent.
  const cleartext = authValue ? channelCleartextProblem('sms', config) : null;
  return {
    async send(sms: SmsToSend): Promise<SendOutcome> {
      if (cleartext) return { kind: 'permanent', error: `${cleartext.problem}: change the gateway URL in Settings` };
      const { body, type } = smsBody(config, { to: sms.to, text: sms.text, request_id: sms.requestId, sender: config.sender ?? '' });
      let response: Response;
      try {
        response = await fetchWithCredentials(fetcher, config.url, {
          method: config.method,
          headers: { 'content-type': type, 'idempotency-key': sms.requestId, ...(authValue ? { [config.auth_header]: authValue } : {}) },
          body,
          signal: AbortSignal.timeout(config.timeout_ms),
        });
      } catch (error) {
        const cause = (error as { cause?: { code?: string } }).cause;
        if (cause?.code === 'ECONNREFUSED' || cause?.code === 'ENOTFOUND' || cause?.code === 'EAI_AGAIN') {
          return { kind: 'transient', error: `the gateway is unreachable (${cause.code})` };
        }
        const name = (error as Error).name;
        return { kind: 'in_doubt', error: name === 'TimeoutError' || name === 'AbortError' ? `no answer within ${config.timeout_ms} ms` : `the connection broke (${cause?.code ?? (error as Error).message})` };
      }
      const redirected = redirectRefusal(response, config.url);
      if (redirected) {
        await response.body?.cancel().catch(() => undefined);
        return { kind: 'permanent', error: redirected };
      }
      const text = await response.text().catch(() => '');
      if (response.ok) {
        let json: unknown = null;
        try {
          json = text ? JSON.parse(text) : null;
        } catch {
          // A gateway may answer in plain text; the request id identifies the message then.
        }
        return { kind: 'accepted', providerId: providerId(json, config.id_path) ?? response.headers.get('x-message-id') ?? sms.requestId };
      }
      const error = `HTTP ${response.status}${text ? `: ${text.slice(0, 300)}` : ''}`;
      if (response.status === 429 || response.status === 408 || response.status >= 500) {
        const retry = retryAfterMs(response.headers.get('retry-after'), now());
        return retry === undefined ? { kind: 'transient', error } : { kind: 'transient', error, retryAfterMs: retry };
      }
      return { kind: 'permanent', error };
    },
  };
}
