import { z } from 'zod';
import { isValidZone } from '../../../shared/import/parse-time.ts';
import { parseDuration } from '../../../shared/journey/duration.ts';
import type { SendSettings } from '../journey/engine-types.ts';
import type { Db } from '../store/open-store.ts';

const timeOfDay = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/);

export const engineSettingsSchema = z.strictObject({
  /** The stores' zone for quiet hours, delays until a time of day, daily caps; default: the last import's. */
  zone: z.string().refine(isValidZone, 'an IANA time zone such as Asia/Tokyo').optional(),
  quiet_hours: z.strictObject({ start: timeOfDay, end: timeOfDay }).nullable().default({ start: '21:00', end: '09:00' }),
  daily_cap: z.strictObject({ email: z.number().int().min(0).optional(), sms: z.number().int().min(0).optional(), in_app: z.number().int().min(0).optional(), in_web: z.number().int().min(0).optional() })
    .default({ email: 2, sms: 1 }),
  stale_after: z.string().refine((value) => parseDuration(value) !== null, 'an ISO 8601 duration').default('PT24H'),
});

export type EngineSettings = z.infer<typeof engineSettingsSchema>;

export function readEngineSettings(db: Db): EngineSettings {
  const stored = db.prepare("SELECT value FROM settings WHERE key = 'engine'").pluck().get() as string | undefined;
  return engineSettingsSchema.parse(stored === undefined ? {} : JSON.parse(stored));
}

export function writeEngineSettings(db: Db, patch: Partial<EngineSettings>): EngineSettings {
  const next = engineSettingsSchema.parse({ ...readEngineSettings(db), ...patch });
  db.prepare("INSERT INTO settings (key, value) VALUES ('engine', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value").run(JSON.stringify(next));
  return next;
}

/** The zone journeys run in: the setting, else the zone of the last committed import, else UTC. */
export function engineZone(db: Db, settings: EngineSettings): string {
  if (settings.zone) return settings.zone;
  const last = db.prepare("SELECT tz FROM batches WHERE status = 'committed' AND tz IS NOT NULL ORDER BY commit_seq DESC LIMIT 1").pluck().get() as string | undefined;
  return last ?? 'UTC';
}

export function sendSettings(db: Db): SendSettings {
  const settings = readEngineSettings(db);
  return {
    zone: engineZone(db, settings),
    quietHours: settings.quiet_hours,
    dailyCap: settings.daily_cap,
    staleAfterMs: parseDuration(settings.stale_after)!,
  };
}
