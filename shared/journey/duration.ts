import { Duration } from 'luxon';

// Only fixed-length units: a "month" or "year" has no single length, and journeys need exact times.
const pattern = /^P(?:\d+W)?(?:\d+D)?(?:T(?:\d+H)?(?:\d+M)?(?:\d+(?:\.\d+)?S)?)?$/;

// A journey names a handful of durations and the engine reads them at every step: parse each once.
const parsed = new Map<string, number | null>();

/** ISO 8601 duration (`P7D`, `PT12H`, `P1DT6H`) → milliseconds; a day is 24 hours. Null when invalid. */
export function parseDuration(text: string): number | null {
  let ms = parsed.get(text);
  if (ms === undefined) {
    const duration = pattern.test(text) && text !== 'P' && !text.endsWith('T') ? Duration.fromISO(text) : null;
    ms = duration?.isValid ? duration.as('milliseconds') : null;
    if (parsed.size < 10_000) parsed.set(text, ms);
  }
  return ms;
}

export function durationMs(text: string): number {
  const ms = parseDuration(text);
  if (ms === null) throw new Error(`"${text}" is not an ISO 8601 duration such as P7D or PT12H`);
  return ms;
}

/** Milliseconds → the shortest ISO 8601 duration with days, hours, minutes, seconds. */
export function formatDuration(ms: number): string {
  if (ms <= 0) return 'PT0S';
  const days = Math.floor(ms / 86_400_000);
  let rest = ms - days * 86_400_000;
  const hours = Math.floor(rest / 3_600_000);
  rest -= hours * 3_600_000;
  const minutes = Math.floor(rest / 60_000);
  rest -= minutes * 60_000;
  const seconds = rest / 1000;
  const time = `${hours ? `${hours}H` : ''}${minutes ? `${minutes}M` : ''}${seconds ? `${seconds}S` : ''}`;
  return `P${days ? `${days}D` : ''}${time ? `T${time}` : ''}`;
}

/** Rounds up to whole hours: upload lags are shown and fixed in hours. */
export function ceilToHours(ms: number): number {
  return Math.ceil(ms / 3_600_000) * 3_600_000;
}
