import { DateTime } from 'luxon';
import type { Channel } from '../../../shared/journey/definition.ts';
import type { SendSettings } from './engine-types.ts';

const MINUTE = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;

// A store names a few times of day (quiet hours, upload and delay times) and a preview asks for them at
// every send: each is parsed once.
const minutesByTime = new Map<string, number>();

function minutesOf(time: string): number {
  let minutes = minutesByTime.get(time);
  if (minutes === undefined) {
    const [hour, minute] = time.split(':').map(Number);
    minutes = hour! * 60 + minute!;
    if (minutesByTime.size < 1_000) minutesByTime.set(time, minutes);
  }
  return minutes;
}

const offsets = new Map<string, Map<number, number>>();

/**
 * The zone's UTC offset (ms) at an instant, cached per UTC hour: a preview asks this hundreds of
 * thousands of times. Offsets change on whole UTC hours in all but a few zones (where a change at a
 * half hour is seen up to 30 minutes late).
 */
function offsetAt(at: number, zone: string): number {
  let byHour = offsets.get(zone);
  if (!byHour) {
    byHour = new Map();
    offsets.set(zone, byHour);
  }
  const hour = Math.floor(at / HOUR);
  let offset = byHour.get(hour);
  if (offset === undefined) {
    offset = DateTime.fromMillis(hour * HOUR, { zone }).offset * MINUTE;
    byHour.set(hour, offset);
  }
  return offset;
}

/** Local wall-clock time of an instant, as milliseconds since the epoch read in the zone. */
function localTime(at: number, zone: string): number {
  return at + offsetAt(at, zone);
}

/** Start of the local day (in local wall-clock ms) containing the local time. */
function dayOf(local: number): number {
  return Math.floor(local / DAY) * DAY;
}

/**
 * The instant when the zone's clocks show `local`. Each local time is converted with the offset in
 * force at that instant, not the one at the start of a wait, so 09:00 stays 09:00 across a daylight-saving
 * change. In a spring-forward gap no instant shows it: the clocks jumped past it, so take the later reading.
 */
function instantOf(local: number, zone: string): number {
  const first = local - offsetAt(local - offsetAt(local, zone), zone);
  const check = local - offsetAt(first, zone);
  return check === first ? first : Math.max(first, check);
}

/** The first moment at or after `at` outside quiet hours, in the store's zone. */
export function deferForQuietHours(at: number, settings: SendSettings): number {
  if (!settings.quietHours) return at;
  const start = minutesOf(settings.quietHours.start);
  const end = minutesOf(settings.quietHours.end);
  if (start === end) return at;
  const local = localTime(at, settings.zone);
  const day = dayOf(local);
  const minute = Math.floor((local - day) / MINUTE);
  const quiet = start < end ? minute >= start && minute < end : minute >= start || minute < end;
  if (!quiet) return at;
  return instantOf(day + end * MINUTE + (end > minute ? 0 : DAY), settings.zone);
}

/** Why a channel cannot reach this user, or null when it can. Consent must be given, not assumed. */
export function consentProblem(channel: Channel, profile: Record<string, unknown> | null): 'no_consent' | 'no_address' | null {
  if (channel === 'email') {
    if (profile?.email_opt_in !== true) return 'no_consent';
    if (typeof profile.email !== 'string' || profile.email === '') return 'no_address';
  } else if (channel === 'sms') {
    if (profile?.sms_opt_in !== true) return 'no_consent';
    if (typeof profile.phone !== 'string' || profile.phone === '') return 'no_address';
  }
  return null;
}

/** [start, end) of the local day containing `at` (23 or 25 hours long on a daylight-saving change). */
export function localDay(at: number, zone: string): [number, number] {
  const day = dayOf(localTime(at, zone));
  return [instantOf(day, zone), instantOf(day + DAY, zone)];
}

/**
 * The next time the clock in `zone` shows HH:MM, strictly after `at`: a delay until 10:00 reached at
 * exactly 10:00 waits for tomorrow's 10:00 (otherwise a daily loop would come back to it at once).
 */
export function nextTimeOfDay(at: number, time: string, zone: string): number {
  const target = dayOf(localTime(at, zone)) + minutesOf(time) * MINUTE;
  const today = instantOf(target, zone);
  return today > at ? today : instantOf(target + DAY, zone);
}
