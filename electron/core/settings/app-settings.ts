import { isValidZone } from '../../../shared/import/parse-time.ts';
import { parseDuration } from '../../../shared/journey/duration.ts';
import { ShopfloorError } from '../errors.ts';
import { measureUploadLag } from '../journey/upload-lag.ts';
import type { Db } from '../store/open-store.ts';
import { engineZone, readEngineSettings, writeEngineSettings, type EngineSettings } from './engine-settings.ts';

export type Language = 'en' | 'ja' | 'zh-TW';

export interface StoreSetting {
  store_id: string;
  name: string | null;
  tz: string | null;
}

export interface AppSettings {
  zone: string;
  zone_is_default: boolean;
  quiet_hours: EngineSettings['quiet_hours'];
  daily_cap: Record<string, number>;
  stale_after: string;
  language: Language | null;
  stores: StoreSetting[];
  upload_lag_p95_ms: number | null;
}

export function readAppSettings(db: Db): AppSettings {
  const engine = readEngineSettings(db);
  const ui = db.prepare("SELECT value FROM settings WHERE key = 'ui'").pluck().get() as string | undefined;
  const stores = db.prepare('SELECT store_id, name, tz FROM stores ORDER BY store_id').all() as StoreSetting[];
  return {
    zone: engineZone(db, engine),
    zone_is_default: engine.zone === undefined,
    quiet_hours: engine.quiet_hours,
    daily_cap: Object.fromEntries(Object.entries(engine.daily_cap).filter(([, value]) => value !== undefined)) as Record<string, number>,
    stale_after: engine.stale_after,
    language: ui === undefined ? null : ((JSON.parse(ui) as { language?: Language | null }).language ?? null),
    stores,
    upload_lag_p95_ms: measureUploadLag(db).p95Ms,
  };
}

export interface AppSettingsPatch {
  zone?: string | null;
  quiet_hours?: { start: string; end: string } | null;
  daily_cap?: Partial<Record<'email' | 'sms' | 'in_app' | 'in_web', number>>;
  stale_after?: string;
  language?: Language | null;
  stores?: StoreSetting[];
}

/** Validates and saves settings in one transaction: all of a patch applies, or none. */
export function updateAppSettings(db: Db, patch: AppSettingsPatch): AppSettings {
  if (patch.zone && !isValidZone(patch.zone)) throw new ShopfloorError('bad_setting', `"${patch.zone}" is not a time zone; use an IANA name such as Asia/Tokyo`);
  if (patch.stale_after !== undefined && parseDuration(patch.stale_after) === null) throw new ShopfloorError('bad_setting', 'the stale limit is an ISO 8601 duration such as PT24H');
  for (const store of patch.stores ?? []) {
    if (store.tz !== null && !isValidZone(store.tz)) throw new ShopfloorError('bad_setting', `store ${store.store_id}: "${store.tz}" is not a time zone`);
  }
  db.transaction(() => {
    const engine: Partial<EngineSettings> = {};
    if (patch.zone !== undefined) engine.zone = patch.zone ?? undefined;
    if (patch.quiet_hours !== undefined) engine.quiet_hours = patch.quiet_hours;
    if (patch.daily_cap !== undefined) engine.daily_cap = patch.daily_cap;
    if (patch.stale_after !== undefined) engine.stale_after = patch.stale_after;
    if (Object.keys(engine).length > 0) {
      try {
        const current = readEngineSettings(db);
        if (patch.zone === null) delete current.zone;
        writeEngineSettings(db, { ...current, ...engine, ...(patch.zone === null ? { zone: undefined } : {}) });
      } catch (error) {
        throw new ShopfloorError('bad_setting', (error as Error).message.split('\n')[0] ?? 'invalid setting');
      }
    }
    if (patch.language !== undefined) {
      db.prepare("INSERT INTO settings (key, value) VALUES ('ui', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value").run(JSON.stringify({ language: patch.language }));
    }
    if (patch.stores !== undefined) {
      db.prepare('DELETE FROM stores').run();
      const insert = db.prepare('INSERT INTO stores (store_id, name, tz) VALUES (?, ?, ?)');
      for (const store of patch.stores) insert.run(store.store_id.trim(), store.name, store.tz);
    }
  }).immediate();
  return readAppSettings(db);
}
