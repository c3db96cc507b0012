import { DateTime, IANAZone } from 'luxon';
import { readPlainTimestamp, type WallTime } from './plain-timestamp.ts';

export type TimeResult =
  | { ok: true; ms: number; offsetMinutes: number }
  | { ok: false; reason: 'invalid' | 'needs_zone' };

// YYYY-MM-DD / YYYY/MM/DD / YYYY年MM月DD日, optional time (T or space) HH:mm[:ss[.fff]], optional Z or ±HH[:]MM.
const pattern =
  /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:(?:T|\s+)(\d{1,2})[:時](\d{1,2})(?:[:分](\d{1,2})(?:[.,](\d{1,9}))?秒?)?分?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

export function isValidZone(zone: string): boolean {
  return IANAZone.isValidZone(zone);
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/**
 * Reads wall-clock times in one IANA zone. A zone look-up costs about 20 µs, so offsets are cached: per
 * local day when the day starts and ends on the same offset, else per local hour (zone rules change
 * offsets on hour boundaries in every zone a store is likely to use). A year of history then costs about
 * two look-ups a day instead of one an hour (8,760 a year, 0.2 s in a 14-month export).
 */
export class ZoneReader {
  /** Per local day: its one offset, or (on a day the offset changes) the offset of each hour. */
  private readonly days = new Map<number, number | number[]>();

  constructor(readonly zone: string) {}

  /** Offset in minutes east of UTC at this local time; a time inside a DST gap takes the offset after the change. */
  offsetAt(year: number, month: number, day: number, hour: number): number {
    const key = (year * 16 + month) * 32 + day;
    let offsets = this.days.get(key);
    if (offsets === undefined) {
      const first = this.lookUp(year, month, day, 0);
      // Hazard: equal offsets at 00:00 and 23:00 are read as no change that day, which misses two changes
      // that cancel within one day. In the tz database no zone has two changes within 48 hours from 2000
      // to 2035 (checked with Intl across all 418 zones when this was written).
      offsets = first === this.lookUp(year, month, day, 23)
        ? first
        : Array.from({ length: 24 }, (_, each) => this.lookUp(year, month, day, each));
      this.days.set(key, offsets);
    }
    return typeof offsets === 'number' ? offsets : offsets[hour]!;
  }

  /** One zone look-up, uncached (what offsetAt must agree with). */
  lookUp(year: number, month: number, day: number, hour: number): number {
    return DateTime.fromObject({ year, month, day, hour }, { zone: this.zone }).offset;
  }
}

/** The fields of a timestamp in any form `pattern` reads (exported to test the plain reader against it). */
export function matchWallTime(value: string): WallTime | undefined {
  const match = pattern.exec(value);
  if (!match) return undefined;
  return {
    year: Number(match[1]),
    month: Number(match[2]),
    day: Number(match[3]),
    hour: match[4] === undefined ? 0 : Number(match[4]),
    minute: match[5] === undefined ? 0 : Number(match[5]),
    second: match[6] === undefined ? 0 : Number(match[6]),
    millis: match[7] === undefined ? 0 : Math.floor(Number(`0.${match[7]}`) * 1000),
    designator: match[8],
  };
}

function readWallTime(text: string): WallTime | undefined {
  let value = text.trim();
  if (/[^\x00-\x7f]/.test(value)) value = value.normalize('NFKC');
  return readPlainTimestamp(value) ?? matchWallTime(value);
}

// Date.UTC only for the days some months lack: one Date a row was a fifth of an import's time on timestamps.
function isCalendarDay(year: number, month: number, day: number): boolean {
  return month >= 1 && month <= 12 && day >= 1 && (day <= 28 || day <= daysInMonth(year, month));
}

/**
 * Parses the timestamp forms registers export. A time with no offset is read in the store's zone;
 * without a zone it cannot become an instant (`needs_zone`), never in the machine's zone.
 */
export function parseTimestamp(text: string, zone: ZoneReader | undefined): TimeResult {
  const time = readWallTime(text);
  if (time === undefined) return { ok: false, reason: 'invalid' };
  const { year, month, day, hour, minute, second } = time;
  if (!isCalendarDay(year, month, day)) return { ok: false, reason: 'invalid' };
  if (hour > 23 || minute > 59 || second > 59) return { ok: false, reason: 'invalid' };
  const wall = Date.UTC(year, month - 1, day, hour, minute, second, time.millis);
  if (time.designator !== undefined) {
    const offsetMinutes = parseOffset(time.designator);
    if (offsetMinutes === null) return { ok: false, reason: 'invalid' };
    return { ok: true, ms: wall - offsetMinutes * 60_000, offsetMinutes };
  }
  if (!zone) return { ok: false, reason: 'needs_zone' };
  const offsetMinutes = zone.offsetAt(year, month, day, hour);
  return { ok: true, ms: wall - offsetMinutes * 60_000, offsetMinutes };
}

function parseOffset(designator: string): number | null {
  if (designator === 'Z' || designator === 'z') return 0;
  const digits = designator.slice(1).replace(':', '');
  const hours = Number(digits.slice(0, 2));
  const minutes = digits.length > 2 ? Number(digits.slice(2)) : 0;
  if (hours > 18 || minutes > 59) return null;
  const total = hours * 60 + minutes;
  return designator.startsWith('-') ? -total : total;
}

/** A calendar date (`joined_at`): the date as written, no zone needed. */
export function parseCalendarDate(text: string): string | null {
  const time = readWallTime(text);
  if (time === undefined || !isCalendarDay(time.year, time.month, time.day)) return null;
  return `${String(time.year).padStart(4, '0')}-${String(time.month).padStart(2, '0')}-${String(time.day).padStart(2, '0')}`;
}

export function formatOffset(offsetMinutes: number): string {
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}
