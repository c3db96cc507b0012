import { DateTime } from 'luxon';
import { z } from 'zod';
import { cleartextProblem, httpOrigin } from '../../../shared/security/destinations.ts';
import type { SecretBox } from '../channels/secret-box.ts';
import { ShopfloorError } from '../errors.ts';
import { openBound, sealBound } from '../security/bound-secret.ts';
import type { Db } from '../store/open-store.ts';

/**
 * Where and what to push. The public AIQUA reference documents the constraints on files and the
 * `Authorization: Token …` and `appid` headers but not the endpoints: the paths are settings, and the
 * defaults below are assumptions (see the README).
 */
// `//other-host/x` (or `/\other-host`) starts with a slash too, and URL resolves it to another host.
const apiPath = z.string().max(2000).regex(/^\/(?![/\\])/, "a path on the base URL's server, starting with a single /");

export const upstreamConfigSchema = z.strictObject({
  base_url: z.url({ protocol: /^https?$/ }),
  app_id: z.string().min(1).max(200),
  users_path: apiPath.default('/v1/users/import'),
  events_path: apiPath.default('/v1/events/import'),
  /** Polled when the platform answers 202 with a job id; `{job_id}` is replaced. */
  status_path: apiPath.default('/v1/imports/{job_id}'),
  /** When the platform can delete what was pushed; without it, undoing a pushed batch asks first. */
  delete_events_path: apiPath.nullable().default(null),
  /** Where to ask the platform to delete an erased customer (a CSV with their user_id); none: erasures stay local. */
  delete_users_path: apiPath.nullable().default(null),
  push_users: z.boolean().default(true),
  push_events: z.boolean().default(true),
  /** Only events that occurred from this day on (YYYY-MM-DD). */
  from: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).refine((day) => DateTime.fromISO(day).isValid, 'a calendar day (YYYY-MM-DD)').nullable().default(null),
  /** Files and requests are split beyond this size (AIQUA: 100 MB). */
  max_bytes: z.number().int().min(1024).max(100 * 1024 * 1024).default(100 * 1024 * 1024),
  timeout_ms: z.number().int().min(100).max(600_000).default(120_000),
});

export type UpstreamConfig = z.infer<typeof upstreamConfigSchema>;

export interface Upstream {
  config: UpstreamConfig;
  token: string;
}

/** Why the token cannot go to this base URL (plain http to another machine), or null. */
export function upstreamCleartextProblem(config: UpstreamConfig): string | null {
  const url = new URL(config.base_url);
  return url.protocol === 'http:' ? cleartextProblem('http', url.hostname) : null;
}

/**
 * The URL of one of the platform's paths. The schema already refuses paths that leave the base URL's
 * server; this checks the URL actually built, so nothing else can send the token elsewhere.
 */
export function upstreamUrl(config: UpstreamConfig, path: string): URL {
  const url = new URL(path, config.base_url);
  if (url.origin !== new URL(config.base_url).origin) throw new ShopfloorError('bad_upstream', `the path ${path} leaves ${new URL(config.base_url).origin}`);
  return url;
}

export function saveUpstream(db: Db, box: SecretBox, input: unknown, token: string | undefined): UpstreamConfig {
  const parsed = upstreamConfigSchema.safeParse(input);
  if (!parsed.success) throw new ShopfloorError('bad_upstream', parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; '));
  const cleartext = upstreamCleartextProblem(parsed.data);
  if (cleartext) throw new ShopfloorError('bad_upstream', `base_url: ${cleartext}`);
  const current = db.prepare("SELECT value FROM settings WHERE key = 'upstream'").pluck().get() as string | undefined;
  const destination = httpOrigin(parsed.data.base_url)!;
  let sealed: string | null = null;
  if (token !== undefined) {
    sealed = sealBound(box, token, destination);
  } else if (current !== undefined) {
    // The stored token stays only for the server it was typed for.
    const stored = JSON.parse(current) as { config: { base_url: string }; token: string | null };
    const before = httpOrigin(stored.config.base_url);
    if (stored.token !== null && before !== destination) throw new ShopfloorError('bad_upstream', `token: the server changed (${before} → ${destination}): enter the API token again for the new one`);
    sealed = stored.token;
  }
  if (sealed === null) throw new ShopfloorError('bad_upstream', 'token: the API token is needed');
  db.prepare("INSERT INTO settings (key, value) VALUES ('upstream', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value")
    .run(JSON.stringify({ config: parsed.data, token: sealed }));
  return parsed.data;
}

export function readUpstream(db: Db, box: SecretBox | null): Upstream | null {
  const stored = db.prepare("SELECT value FROM settings WHERE key = 'upstream'").pluck().get() as string | undefined;
  if (stored === undefined || box === null) return null;
  const { config, token } = JSON.parse(stored) as { config: unknown; token: string };
  const parsed = upstreamConfigSchema.parse(config);
  return { config: parsed, token: openBound(box, token, httpOrigin(parsed.base_url)!) };
}

export function upstreamConfigured(db: Db): UpstreamConfig | null {
  const stored = db.prepare("SELECT value FROM settings WHERE key = 'upstream'").pluck().get() as string | undefined;
  return stored === undefined ? null : upstreamConfigSchema.parse((JSON.parse(stored) as { config: unknown }).config);
}
