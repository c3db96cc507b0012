import { DateTime, IANAZone } from 'luxon';

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
 * Reads wall-clock times in one IANA zone. Offsets are cached per local hour: zone rules change
 * offsets on hour boundaries in every zone a store is likely to use, and a million rows then
 * cost a few hundred zone look-ups instead of a million.
 */
export class ZoneReader {
  private readonly offsets = new Map<number, number>();

  constructor(readonly zone: string) {}

  /** Offset in minutes east of UTC at this local time; a time inside a DST gap takes the offset after the change. */
  offsetAt(year: number, month: number, day: number, hour: number): number {
    const key = ((year * 16 + month) * 32 + day) * 32 + hour;
    let offset = this.offsets.get(key);
    if (offset === undefined) {
      offset = DateTime.fromObject({ year, month, day, hour }, { zone: this.zone }).offset;
      this.offsets.set(key, offset);
    }
    return offset;
  }
}

/**
 * Parses the timestamp forms registers export. A time with no offset is read in the store's zone;
 * without a zone it cannot become an instant (`needs_zone`), never in the machine's zone.
 */
export function parseTimestamp(text: string, zone: ZoneReader | undefined): TimeResult {
  let value = text.trim();
  if (/[^\x00-\x7f]/.test(value)) value = value.normalize('NFKC');
  const match = pattern.exec(value);
  if (!match) return { ok: false, reason: 'invalid' };
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  const hour = match[4] === undefined ? 0 : Number(match[4]);
  const minute = match[5] === undefined ? 0 : Number(match[5]);
  const second = match[6] === undefined ? 0 : Number(match[6]);
  const millis = match[7] === undefined ? 0 : Math.floor(Number(`0.${match[7]}`) * 1000);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return { ok: false, reason: 'invalid' };
  if (hour > 23 || minute > 59 || second > 59) return { ok: false, reason: 'invalid' };
  const wall = Date.UTC(year, month - 1, day, hour, minute, second, millis);
  const designator = match[8];
  if (designator !== undefined) {
    const offsetMinutes = parseOffset(designator);
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
  let value = text.trim();
  if (/[^\x00-\x7f]/.test(value)) value = value.normalize('NFKC');
  const match = pattern.exec(value);
  if (!match) return null;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  return `${match[1]}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

export function formatOffset(offsetMinutes: number): string {
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}
