const MS_PER_DAY = 86_400_000;
/** The first serial past 9999-12-31, where Excel stops showing dates. */
const END_SERIAL_1900 = 2_958_466;
const EPOCH_1904_OFFSET = 1_462;

/**
 * An Excel date serial as local wall-clock text, no offset: `YYYY-MM-DD`, or with `withTime`
 * `YYYY-MM-DDTHH:mm:ss` (`.SSS` only when the milliseconds are not zero). Undefined for serials
 * Excel itself would not show as a date (negative, past year 9999, not finite).
 *
 * 1900 system: serial 1 is 1900-01-01 and serial 60 is 1900-02-29, a day that never existed (Lotus
 * 1-2-3's leap-year bug, kept by Excel); it comes out as `1900-02-29`, as Excel displays it, so date
 * validation downstream rejects it. 1904 system: serial 0 is 1904-01-01.
 */
export function excelSerialToText(serial: number, date1904: boolean, withTime: boolean): string | undefined {
  const end = date1904 ? END_SERIAL_1900 - EPOCH_1904_OFFSET : END_SERIAL_1900;
  if (!Number.isFinite(serial) || serial < 0 || serial >= end) return undefined;
  // Serials carry float error (13:45 is 46353.572916666664); round to the millisecond first.
  const totalMs = Math.round(serial * MS_PER_DAY);
  const day = Math.floor(totalMs / MS_PER_DAY);
  const msOfDay = totalMs - day * MS_PER_DAY;
  let date: string;
  if (date1904) {
    date = isoDate(new Date(Date.UTC(1904, 0, 1 + day)));
  } else if (day === 60) {
    date = '1900-02-29';
  } else {
    // Day 0 is "1900-01-00" (1899-12-31); from day 61 on, the phantom 29 February shifts every date by one.
    date = isoDate(new Date(Date.UTC(1899, 11, day < 60 ? 31 + day : 30 + day)));
  }
  return withTime ? `${date}T${isoTime(msOfDay)}` : date;
}

function isoDate(date: Date): string {
  return `${pad(date.getUTCFullYear(), 4)}-${pad(date.getUTCMonth() + 1, 2)}-${pad(date.getUTCDate(), 2)}`;
}

function isoTime(msOfDay: number): string {
  const ms = msOfDay % 1000;
  const seconds = Math.floor(msOfDay / 1000);
  const hms = `${pad(Math.floor(seconds / 3600), 2)}:${pad(Math.floor(seconds / 60) % 60, 2)}:${pad(seconds % 60, 2)}`;
  return ms === 0 ? hms : `${hms}.${pad(ms, 3)}`;
}

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}
