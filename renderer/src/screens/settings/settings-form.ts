import type { Language, SettingsDto } from '../../../../shared/contract/schemas.ts';
import { formatDuration, parseDuration } from '../../../../shared/journey/duration.ts';
import { isTimeZone } from './time-zones.ts';

export const capChannels = ['email', 'sms', 'in_app', 'in_web'] as const;
export type CapChannel = (typeof capChannels)[number];

export interface StoreRow {
  key: string;
  store_id: string;
  name: string;
  tz: string;
  /** Saved in settings (not only seen in imported data). */
  configured: boolean;
  /** Added here, id still editable. */
  added: boolean;
}

/** The form as typed: text everywhere, so a half-typed value is never lost or coerced. */
export interface SettingsForm {
  zone: string;
  quietOn: boolean;
  quietStart: string;
  quietEnd: string;
  caps: Record<CapChannel, string>;
  staleHours: string;
  language: Language;
  stores: StoreRow[];
}

export type FieldErrors = Partial<Record<string, { key: string; values?: Record<string, string> }>>;

export function formFromSettings(settings: SettingsDto, language: Language, storesInData: readonly string[]): SettingsForm {
  const stale = parseDuration(settings.stale_after);
  const configured = new Set(settings.stores.map((store) => store.store_id));
  return {
    zone: settings.zone_is_default ? '' : settings.zone,
    quietOn: settings.quiet_hours !== null,
    quietStart: settings.quiet_hours?.start ?? '21:00',
    quietEnd: settings.quiet_hours?.end ?? '09:00',
    caps: Object.fromEntries(capChannels.map((channel) => [channel, settings.daily_cap[channel] === undefined ? '' : String(settings.daily_cap[channel])])) as Record<CapChannel, string>,
    staleHours: stale === null ? '24' : String(Math.round((stale / 3_600_000) * 100) / 100),
    language: settings.language ?? language,
    stores: [
      ...settings.stores.map((store) => ({ key: `s:${store.store_id}`, store_id: store.store_id, name: store.name ?? '', tz: store.tz ?? '', configured: true, added: false })),
      ...storesInData.filter((store) => !configured.has(store)).map((store) => ({ key: `d:${store}`, store_id: store, name: '', tz: '', configured: false, added: false })),
    ],
  };
}

const timeOfDay = /^([01]\d|2[0-3]):[0-5]\d$/;

/** What the core would refuse, found before saving, each tied to its field. */
export function validateForm(form: SettingsForm): FieldErrors {
  const errors: FieldErrors = {};
  if (form.zone.trim() && !isTimeZone(form.zone.trim())) errors.zone = { key: 'errors.zone', values: { zone: form.zone.trim() } };
  if (form.quietOn) {
    if (!timeOfDay.test(form.quietStart)) errors.quietStart = { key: 'errors.time' };
    if (!timeOfDay.test(form.quietEnd)) errors.quietEnd = { key: 'errors.time' };
    if (!errors.quietStart && !errors.quietEnd && form.quietStart === form.quietEnd) errors.quietEnd = { key: 'errors.quietSame' };
  }
  for (const channel of capChannels) {
    const text = form.caps[channel].trim();
    if (text !== '' && !(/^\d+$/.test(text) && Number(text) <= 100)) errors[`cap.${channel}`] = { key: 'errors.cap' };
  }
  const stale = Number(form.staleHours);
  if (!(form.staleHours.trim() !== '' && stale > 0 && stale <= 24 * 30)) errors.stale = { key: 'errors.stale' };
  const seen = new Set<string>();
  for (const store of form.stores) {
    const id = store.store_id.trim();
    if (!id) errors[`store.${store.key}.id`] = { key: 'errors.storeId' };
    else if (seen.has(id)) errors[`store.${store.key}.id`] = { key: 'errors.storeDuplicate', values: { store: id } };
    seen.add(id);
    if (store.tz.trim() && !isTimeZone(store.tz.trim())) errors[`store.${store.key}.tz`] = { key: 'errors.storeZone', values: { zone: store.tz.trim(), store: id } };
  }
  return errors;
}

/** The `settings.update` input (caps go separately: see `settings.setDailyCaps`). */
export function updateInput(form: SettingsForm) {
  return {
    zone: form.zone.trim() || null,
    quiet_hours: form.quietOn ? { start: form.quietStart, end: form.quietEnd } : null,
    stale_after: formatDuration(Math.round(Number(form.staleHours) * 60) * 60_000),
    language: form.language,
    stores: form.stores
      .filter((store) => store.configured || store.added || store.name.trim() || store.tz.trim())
      .map((store) => ({ store_id: store.store_id.trim(), name: store.name.trim() || null, tz: store.tz.trim() || null })),
  };
}

export function capsInput(form: SettingsForm): Partial<Record<CapChannel, number>> {
  return Object.fromEntries(capChannels.filter((channel) => form.caps[channel].trim() !== '').map((channel) => [channel, Number(form.caps[channel])]));
}
