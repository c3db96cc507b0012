let cached: string[] | null = null;

/** The zones this runtime knows (IANA names), UTC first: what a store's zone is picked from. */
export function timeZones(): string[] {
  cached ??= ['UTC', ...Intl.supportedValuesOf('timeZone').filter((zone) => zone !== 'UTC')];
  return cached;
}

/** A zone the runtime accepts: a listed name, or one of its aliases (Asia/Calcutta for Asia/Kolkata). */
export function isTimeZone(zone: string): boolean {
  if (timeZones().includes(zone)) return true;
  if (!zone.includes('/') && zone !== 'UTC') return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
