import { z } from 'zod';
import { cleartextProblem, httpOrigin, smtpDestination } from '../../../shared/security/destinations.ts';
import type { Clock } from '../clock.ts';
import { ShopfloorError } from '../errors.ts';
import { openBound, sealBound } from '../security/bound-secret.ts';
import type { Db } from '../store/open-store.ts';
import type { SecretBox } from './secret-box.ts';

export const emailConfigSchema = z.strictObject({
  host: z.string().min(1).max(255),
  port: z.number().int().min(1).max(65_535),
  /** tls: TLS from the first byte (465); starttls: upgrade required (587); none: plain (local relays and tests only). */
  security: z.enum(['tls', 'starttls', 'none']),
  user: z.string().max(320).optional(),
  from: z.email(),
  from_name: z.string().max(200).optional(),
  /** Where an unsubscribe link points; the message's token is appended. Default: the local tracking endpoint. */
  unsubscribe_url: z.url({ protocol: /^https?$/ }).optional(),
  /** Base URL of the tracking endpoint (opens, clicks, unsubscribes) when one is configured. */
  tracking_url: z.url({ protocol: /^https?$/ }).optional(),
  reject_unauthorized: z.boolean().default(true),
});

export const smsConfigSchema = z.strictObject({
  url: z.url({ protocol: /^https?$/ }),
  method: z.enum(['POST', 'PUT']).default('POST'),
  /** Header carrying the gateway credential, e.g. Authorization; its value is the sealed secret. */
  auth_header: z.string().regex(/^[A-Za-z0-9-]+$/).default('Authorization'),
  body_format: z.enum(['json', 'form']).default('json'),
  /** {{to}}, {{text}}, {{request_id}}, {{sender}}: JSON (values are placed as JSON strings) or form fields. */
  body_template: z.string().min(1).max(5000).default('{"to":"{{to}}","text":"{{text}}","request_id":"{{request_id}}"}'),
  /** Where the provider's message id is in a JSON answer, e.g. `id` or `data.message_id`. */
  id_path: z.string().max(100).optional(),
  sender: z.string().max(20).optional(),
  timeout_ms: z.number().int().min(100).max(120_000).default(10_000),
});

export type EmailConfig = z.infer<typeof emailConfigSchema>;
export type SmsConfig = z.infer<typeof smsConfigSchema>;
export type ChannelName = 'email' | 'sms';

export interface StoredChannel<C> {
  config: C;
  secret: string | null;
  testedAt: number | null;
  /** Live once configured and a test message went through; until then sends stay a dry run. */
  live: boolean;
}

const schemas = { email: emailConfigSchema, sms: smsConfigSchema } as const;

/** The field of each channel's form that holds its credential, as the core's errors name it. */
const secretField = { email: 'password', sms: 'authValue' } as const;

/** Where a channel's credential goes: the SMTP server (with its security), or the gateway's origin. */
export function channelDestination(channel: ChannelName, config: EmailConfig | SmsConfig): string {
  return channel === 'email' ? smtpDestination(config as EmailConfig) : httpOrigin((config as SmsConfig).url) ?? '';
}

/** A credential going in plain text to another machine: the field to blame and why, or null. */
export function channelCleartextProblem(channel: ChannelName, config: EmailConfig | SmsConfig): { field: string; problem: string } | null {
  if (channel === 'email') {
    const email = config as EmailConfig;
    const problem = email.security === 'none' ? cleartextProblem('smtp', email.host) : null;
    return problem ? { field: 'security', problem } : null;
  }
  const url = new URL((config as SmsConfig).url);
  const problem = url.protocol === 'http:' ? cleartextProblem('http', url.hostname) : null;
  return problem ? { field: 'url', problem } : null;
}

export function saveChannel(db: Db, clock: Clock, box: SecretBox, channel: ChannelName, input: unknown, secret: string | null | undefined): void {
  const parsed = schemas[channel].safeParse(input);
  if (!parsed.success) {
    throw new ShopfloorError('bad_channel', parsed.error.issues.map((issue) => `${issue.path.join('.') || channel}: ${issue.message}`).join('; '));
  }
  const current = db.prepare('SELECT config, secret FROM channels WHERE channel = ?').get(channel) as { config: string; secret: string | null } | undefined;
  const destination = channelDestination(channel, parsed.data);
  // undefined keeps the stored secret (the form does not show it back), but only for the destination it was typed for; null clears it.
  if (secret === undefined && current?.secret != null) {
    const before = channelDestination(channel, schemas[channel].parse(JSON.parse(current.config)));
    if (before !== destination) {
      throw new ShopfloorError('bad_channel', `${secretField[channel]}: the server changed (${before} → ${destination}): enter the ${channel === 'email' ? 'password' : 'credential'} again for the new one`);
    }
  }
  const keeps = secret === undefined ? current?.secret != null : secret !== null;
  const cleartext = keeps ? channelCleartextProblem(channel, parsed.data) : null;
  if (cleartext) throw new ShopfloorError('bad_channel', `${cleartext.field}: ${cleartext.problem}`);
  const sealed = secret === undefined ? (current?.secret ?? null) : secret === null ? null : sealBound(box, secret, destination);
  // A changed configuration must be tested again before anything is sent for real.
  db.prepare(`INSERT INTO channels (channel, config, secret, tested_at, updated_at) VALUES (?, ?, ?, NULL, ?)
      ON CONFLICT (channel) DO UPDATE SET config = excluded.config, secret = excluded.secret, tested_at = NULL, updated_at = excluded.updated_at`)
    .run(channel, JSON.stringify(parsed.data), sealed, clock.now());
}

export function readChannel(db: Db, box: SecretBox, channel: 'email'): StoredChannel<EmailConfig> | null;
export function readChannel(db: Db, box: SecretBox, channel: 'sms'): StoredChannel<SmsConfig> | null;
export function readChannel(db: Db, box: SecretBox, channel: ChannelName): StoredChannel<EmailConfig | SmsConfig> | null {
  const row = db.prepare('SELECT config, secret, tested_at FROM channels WHERE channel = ?').get(channel) as { config: string; secret: string | null; tested_at: number | null } | undefined;
  if (!row) return null;
  const config = schemas[channel].parse(JSON.parse(row.config));
  return {
    config,
    secret: row.secret === null ? null : openBound(box, row.secret, channelDestination(channel, config)),
    testedAt: row.tested_at,
    live: row.tested_at !== null,
  };
}

export function markTested(db: Db, clock: Clock, channel: ChannelName): void {
  db.prepare('UPDATE channels SET tested_at = ? WHERE channel = ?').run(clock.now(), channel);
}

/** What the Settings screen shows: configuration without the secret, whether one is stored, and the mode. */
export function channelStatus(db: Db): Record<ChannelName, { configured: boolean; live: boolean; tested_at: string | null; has_secret: boolean; config: unknown }> {
  const status = (channel: ChannelName) => {
    const row = db.prepare('SELECT config, secret IS NOT NULL AS has_secret, tested_at FROM channels WHERE channel = ?').get(channel) as
      { config: string; has_secret: number; tested_at: number | null } | undefined;
    return {
      configured: row !== undefined,
      live: row?.tested_at != null,
      tested_at: row?.tested_at == null ? null : new Date(row.tested_at).toISOString(),
      has_secret: row?.has_secret === 1,
      config: row ? JSON.parse(row.config) as unknown : null,
    };
  };
  return { email: status('email'), sms: status('sms') };
}
