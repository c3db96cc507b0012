import { describe, expect, it } from 'vitest';
import { parseBoolean } from '../../shared/import/parse-boolean.ts';
import { parseNumber } from '../../shared/import/parse-number.ts';
import { matchWallTime, parseCalendarDate, parseTimestamp, ZoneReader } from '../../shared/import/parse-time.ts';
import { readPlainTimestamp } from '../../shared/import/plain-timestamp.ts';
import { regexes } from 'zod/v4/core';
import { EMAIL_PATTERN, normalizeEmail, normalizePhone } from '../../shared/import/contact-fields.ts';

const tokyo = new ZoneReader('Asia/Tokyo');
const newYork = new ZoneReader('America/New_York');

function at(text: string, zone?: ZoneReader) {
  const result = parseTimestamp(text, zone);
  return result.ok ? new Date(result.ms).toISOString() : result.reason;
}

describe('timestamps', () => {
  it('reads the forms registers export, in the store zone when there is no offset', () => {
    expect(at('2026-11-27T13:45:00+09:00')).toBe('2026-11-27T04:45:00.000Z');
    expect(at('2026-11-27T04:45:00Z')).toBe('2026-11-27T04:45:00.000Z');
    expect(at('2026-11-27 13:45:00.250-0500')).toBe('2026-11-27T18:45:00.250Z');
    expect(at('2026/11/27 13:45', tokyo)).toBe('2026-11-27T04:45:00.000Z');
    expect(at('2026/11/27 13:45:30', tokyo)).toBe('2026-11-27T04:45:30.000Z');
    expect(at('2026-11-27 13:45', tokyo)).toBe('2026-11-27T04:45:00.000Z');
    expect(at('2026/1/5 9:05', tokyo)).toBe('2026-01-05T00:05:00.000Z');
    expect(at('2026年11月27日 13:45', tokyo)).toBe('2026-11-27T04:45:00.000Z');
    expect(at('２０２６/１１/２７ １３:４５', tokyo)).toBe('2026-11-27T04:45:00.000Z');
  });

  it('follows daylight saving time in zones that have it', () => {
    expect(at('2026-07-01 12:00', newYork)).toBe('2026-07-01T16:00:00.000Z');
    expect(at('2026-12-01 12:00', newYork)).toBe('2026-12-01T17:00:00.000Z');
  });

  it('never guesses: no offset and no zone asks for one; impossible dates are invalid', () => {
    expect(at('2026/11/27 13:45')).toBe('needs_zone');
    expect(at('2026/13/01 10:00', tokyo)).toBe('invalid');
    expect(at('2026/02/30 10:00', tokyo)).toBe('invalid');
    expect(at('2026/11/27 24:10', tokyo)).toBe('invalid');
    expect(at('yesterday', tokyo)).toBe('invalid');
    expect(at('', tokyo)).toBe('invalid');
    expect(at('27/11/2026 10:00', tokyo)).toBe('invalid');
  });

  it('reads the common layouts without the general pattern, exactly as the pattern reads them', () => {
    for (const text of ['2026/11/27 13:45:30', '2026-11-27T13:45:30Z', '2026.11.27 13:45', '2026-11-27']) {
      expect(readPlainTimestamp(text), text).toBeDefined();
    }
    // Strings near those layouts: every one the plain reader takes must give the pattern's fields.
    const alphabet = ['0', '1', '2', '5', '9', '-', '/', '.', ':', ' ', 'T', 't', 'Z', 'z', '+', 'x'];
    const base = '2026-11-27T13:45:30Z';
    let seed = 7;
    const random = (below: number) => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return seed % below;
    };
    let taken = 0;
    for (let round = 0; round < 20_000; round++) {
      const chars = base.slice(0, [10, 11, 16, 17, 19, 20][random(6)]).split('');
      for (let edits = random(3); edits > 0; edits--) chars[random(chars.length)] = alphabet[random(alphabet.length)]!;
      const text = chars.join('');
      const plain = readPlainTimestamp(text);
      if (plain === undefined) continue;
      taken += 1;
      expect(plain, text).toEqual(matchWallTime(text));
    }
    expect(taken).toBeGreaterThan(1_000);
  });

  it('caches zone offsets by day without changing any hour, on days the clocks change too', () => {
    // Midnight changes (Santiago, Havana), half-hour DST (Lord Howe), the usual 01:00/02:00 changes.
    for (const zone of ['America/Santiago', 'America/Havana', 'Australia/Lord_Howe', 'Europe/London', 'America/New_York']) {
      const reader = new ZoneReader(zone);
      const differing: string[] = [];
      for (let at = Date.UTC(2026, 0, 1); at < Date.UTC(2027, 0, 1); at += 3_600_000) {
        const day = new Date(at);
        const [year, month, date, hour] = [day.getUTCFullYear(), day.getUTCMonth() + 1, day.getUTCDate(), day.getUTCHours()];
        if (reader.offsetAt(year, month, date, hour) !== reader.lookUp(year, month, date, hour)) differing.push(`${zone} ${day.toISOString()}`);
      }
      expect(differing).toEqual([]);
    }
  });

  it('reads calendar dates without a zone', () => {
    expect(parseCalendarDate('2024/4/1')).toBe('2024-04-01');
    expect(parseCalendarDate('2024-04-01T00:00:00')).toBe('2024-04-01');
    expect(parseCalendarDate('2024/02/30')).toBeNull();
  });
});

describe('numbers', () => {
  it('reads amounts as registers print them, refunds included', () => {
    expect(parseNumber('1,280')).toBe(1280);
    expect(parseNumber('¥1,280')).toBe(1280);
    expect(parseNumber('￥1,280')).toBe(1280);
    expect(parseNumber('\\1,280')).toBe(1280);
    expect(parseNumber('1,280円')).toBe(1280);
    expect(parseNumber('NT$1,280')).toBe(1280);
    expect(parseNumber('-1,280')).toBe(-1280);
    expect(parseNumber('¥-1,280')).toBe(-1280);
    expect(parseNumber('-¥1,280')).toBe(-1280);
    expect(parseNumber('(1,280)')).toBe(-1280);
    expect(parseNumber('１２８０')).toBe(1280);
    expect(parseNumber('12.50')).toBe(12.5);
    expect(parseNumber('0')).toBe(0);
  });

  it('refuses what is not a number', () => {
    for (const text of ['', 'abc', '1,28', '12,34,567', '1.2.3', '¥', '--1', '1e5', 'NaN', 'Infinity']) expect(parseNumber(text)).toBeNull();
  });
});

describe('yes/no and phone numbers', () => {
  it('reads consent flags in three languages', () => {
    for (const yes of ['yes', 'TRUE', '1', '○', 'はい', '同意', '是']) expect(parseBoolean(yes)).toBe(true);
    for (const no of ['no', 'false', '0', '×', 'いいえ', '否']) expect(parseBoolean(no)).toBe(false);
    expect(parseBoolean('')).toBeUndefined();
    expect(parseBoolean('maybe')).toBeNull();
  });

  it('normalises to E.164 with the store country, keeps numbers as written when no country is known', () => {
    expect(normalizePhone('090-1234-5678', 'JP')).toBe('+819012345678');
    expect(normalizePhone('0912 345 678', 'TW')).toBe('+886912345678');
    expect(normalizePhone('+81 90 1234 5678', undefined)).toBe('+819012345678');
    expect(normalizePhone('090-1234-5678', undefined)).toBe('090-1234-5678');
    expect(normalizePhone('12', 'JP')).toBeNull();
    expect(normalizePhone('call me', 'JP')).toBeNull();
  });

  it("checks emails with zod's z.email() pattern, written out so an import does not load zod", () => {
    expect(EMAIL_PATTERN.source).toBe(regexes.email.source);
    expect(EMAIL_PATTERN.flags).toBe(regexes.email.flags);
    expect(normalizeEmail(' hanako@example.jp ')).toBe('hanako@example.jp');
    expect(normalizeEmail('hanako@example')).toBeNull();
  });
});
