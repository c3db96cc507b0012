import { useApp } from './state/app-store.ts';

/** Dates and numbers for the UI's language, in the store's zone (not the machine's). */
export function useFormat() {
  const language = useApp((state) => state.language);
  const zone = useApp((state) => state.settings?.zone ?? 'UTC');
  const locale = language === 'zh-TW' ? 'zh-TW' : language === 'ja' ? 'ja-JP' : 'en-US';
  const dateTime = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone: zone });
  const number = new Intl.NumberFormat(locale);
  const percent = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 });
  return {
    locale,
    zone,
    dateTime: (iso: string | null | undefined) => (iso ? dateTime.format(new Date(iso)) : '—'),
    number: (value: number) => number.format(value),
    percent: (value: number) => percent.format(value),
    /** Durations as hours or days, e.g. an upload lag. */
    hours: (ms: number | null | undefined) => {
      if (ms === null || ms === undefined) return '—';
      const hours = ms / 3_600_000;
      // "2 days" / "2日" / "2 天", not a bare "d" a Japanese or Chinese reader has to guess at.
      const days = hours >= 48;
      return new Intl.NumberFormat(locale, { style: 'unit', unit: days ? 'day' : 'hour', unitDisplay: 'short', maximumFractionDigits: 1 }).format(days ? hours / 24 : hours);
    },
  };
}
