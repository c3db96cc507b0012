/**
 * An event's time as it was written at the store (`2026-11-27T10:00:00+09:00`): the wall clock of
 * that offset, whatever zone this machine or the settings are in, and the offset itself.
 */
export function localTime(occurredLocal: string, locale: string): { text: string; offset: string } {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?(Z|[+-]\d{2}:\d{2})?$/.exec(occurredLocal);
  if (!match) return { text: occurredLocal, offset: '' };
  const [, year, month, day, hour, minute, second, zone] = match;
  const wall = Date.UTC(Number(year), Number(month) - 1, Number(day), Number(hour), Number(minute), Number(second ?? 0));
  const text = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' }).format(wall);
  return { text, offset: !zone || zone === 'Z' ? 'UTC' : `UTC${zone}` };
}
