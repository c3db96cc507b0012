import { z } from 'zod';
import type { SecretBox } from '../channels/secret-box.ts';
import { ShopfloorError } from '../errors.ts';
import type { Db } from '../store/open-store.ts';

/**
 * Where and what to push. The public AIQUA reference documents the constraints on files and the
 * `Authorization: Token …` and `appid` headers but not the endpoints: the paths are settings, and the
 * defaults below are assumptions (see the README).
 */
export const upstreamConfigSchema = z.strictObject({
  base_url: z.url({ protocol: /^https?$/ }),
  app_id: z.string().min(1).max(200),
  users_path: z.string().startsWith('/').default('/v1/users/import'),
  events_path: z.string().startsWith('/').default('/v1/events/import'),
  /** Polled when the platform answers 202 with a job id; `{job_id}` is replaced. */
  status_path: z.string().startsWith('/').default('/v1/imports/{job_id}'),
  /** When the platform can delete what was pushed; without it, undoing a pushed batch asks first. */
  delete_events_path: z.string().startsWith('/').nullable().default(null),
  /** Where to ask the platform to delete an erased customer (a CSV with their user_id); none: erasures stay local. */
  delete_users_path: z.string().startsWith('/').nullable().default(null),
  push_users: z.boolean().default(true),
  push_events: z.boolean().default(true),
  /** Only events that occurred from this day on (YYYY-MM-DD). */
  from: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).nullable().default(null),
  /** Files and requests are split beyond this size (AIQUA: 100 MB). */
  max_bytes: z.number().int().min(1024).max(100 * 1024 * 1024).default(100 * 1024 * 1024),
  timeout_ms: z.number().int().min(100).max(600_000).default(120_000),
});

export type UpstreamConfig = z.infer<typeof upstreamConfigSchema>;

export interface Upstream {
  config: UpstreamConfig;
  token: string;
}

export function saveUpstream(db: Db, box: SecretBox, input: unknown, token: string | undefined): UpstreamConfig {
  const parsed = upstreamConfigSchema.safeParse(input);
  if (!parsed.success) throw new ShopfloorError('bad_upstream', parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; '));
  const current = db.prepare("SELECT value FROM settings WHERE key = 'upstream'").pluck().get() as string | undefined;
  const sealed = token !== undefined ? box.seal(token) : current === undefined ? null : (JSON.parse(current) as { token: string | null }).token;
  if (sealed === null) throw new ShopfloorError('bad_upstream', 'the API token is needed');
  db.prepare("INSERT INTO settings (key, value) VALUES ('upstream', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value")
    .run(JSON.stringify({ config: parsed.data, token: sealed }));
  return parsed.data;
}

export function readUpstream(db: Db, box: SecretBox | null): Upstream | null {
  const stored = db.prepare("SELECT value FROM settings WHERE key = 'upstream'").pluck().get() as string | undefined;
  if (stored === undefined || box === null) return null;
  const { config, token } = JSON.parse(stored) as { config: unknown; token: string };
  return { config: upstreamConfigSchema.parse(config), token: box.open(token) };
}

export function upstreamConfigured(db: Db): UpstreamConfig | null {
  const stored = db.prepare("SELECT value FROM settings WHERE key = 'upstream'").pluck().get() as string | undefined;
  return stored === undefined ? null : upstreamConfigSchema.parse((JSON.parse(stored) as { config: unknown }).config);
}
