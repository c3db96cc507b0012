/** The fields of a written timestamp, before any range check. */
export interface WallTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  millis: number;
  /** `Z` or `±HH[:]MM` as written, when the text has one. */
  designator: string | undefined;
}

const ZERO = 48;

function digitAt(text: string, index: number): number {
  const digit = text.charCodeAt(index) - ZERO;
  return digit >= 0 && digit <= 9 ? digit : -1;
}

function twoDigits(text: string, index: number): number {
  const tens = digitAt(text, index);
  const ones = digitAt(text, index + 1);
  return tens < 0 || ones < 0 ? -1 : tens * 10 + ones;
}

function isDateSeparator(code: number): boolean {
  return code === 0x2d || code === 0x2f || code === 0x2e; // - / .
}

/**
 * The layouts nearly every export writes, read without a regular expression: `YYYY-MM-DD`, then
 * optionally `T` or a space and `HH:mm[:ss]`, then optionally `Z` (`/` or `.` may separate the date).
 * The general pattern's match and the strings it makes were most of what a million-row import spent on
 * timestamps. Anything else (one-digit fields, fractions, offsets, CJK) returns undefined and goes to
 * that pattern, which reads everything this reads the same way (tested).
 */
export function readPlainTimestamp(text: string): WallTime | undefined {
  const zulu = text.charCodeAt(text.length - 1) === 0x5a; // Z
  const length = zulu ? text.length - 1 : text.length;
  if (length !== 10 && length !== 16 && length !== 19) return undefined;
  if (zulu && length === 10) return undefined;
  const high = twoDigits(text, 0);
  const low = twoDigits(text, 2);
  const month = twoDigits(text, 5);
  const day = twoDigits(text, 8);
  if (high < 0 || low < 0 || month < 0 || day < 0) return undefined;
  if (!isDateSeparator(text.charCodeAt(4)) || !isDateSeparator(text.charCodeAt(7))) return undefined;
  const wall: WallTime = { year: high * 100 + low, month, day, hour: 0, minute: 0, second: 0, millis: 0, designator: zulu ? 'Z' : undefined };
  if (length === 10) return wall;
  const between = text.charCodeAt(10);
  if (between !== 0x54 && between !== 0x20) return undefined; // T or space
  wall.hour = twoDigits(text, 11);
  wall.minute = twoDigits(text, 14);
  if (wall.hour < 0 || wall.minute < 0 || text.charCodeAt(13) !== 0x3a) return undefined; // :
  if (length === 16) return wall;
  wall.second = twoDigits(text, 17);
  if (wall.second < 0 || text.charCodeAt(16) !== 0x3a) return undefined;
  return wall;
}
