import { DateTime } from 'luxon';
import type { Channel } from '../../../shared/journey/definition.ts';
import type { SendSettings } from './engine-types.ts';

const MINUTE = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;

function minutesOf(time: string): number {
  const [hours, minutes] = time.split(':').map(Number);
  return hours! * 60 + minutes!;
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

/** Minutes since local midnight, and the instant of that local minute's start. */
function localMinute(at: number, zone: string): { minute: number; minuteStart: number } {
  const local = at + offsetAt(at, zone);
  const intoDay = ((local % DAY) + DAY) % DAY;
  return { minute: Math.floor(intoDay / MINUTE), minuteStart: at - (intoDay % MINUTE) };
}

/** The first moment at or after `at` outside quiet hours, in the store's zone. */
export function deferForQuietHours(at: number, settings: SendSettings): number {
  if (!settings.quietHours) return at;
  const start = minutesOf(settings.quietHours.start);
  const end = minutesOf(settings.quietHours.end);
  if (start === end) return at;
  const { minute, minuteStart } = localMinute(at, settings.zone);
  const quiet = start < end ? minute >= start && minute < end : minute >= start || minute < end;
  if (!quiet) return at;
  const wait = (end - minute + 1440) % 1440;
  return minuteStart + wait * MINUTE;
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

/** [start, end) of the local day containing `at`. */
export function localDay(at: number, zone: string): [number, number] {
  const { minute, minuteStart } = localMinute(at, zone);
  const start = minuteStart - minute * MINUTE;
  return [start, start + DAY];
}

/** The next time the clock in `zone` shows HH:MM, at or after `at`. */
export function nextTimeOfDay(at: number, time: string, zone: string): number {
  const { minute, minuteStart } = localMinute(at, zone);
  const target = minutesOf(time);
  const candidate = minuteStart + (target - minute) * MINUTE;
  return candidate >= at ? candidate : minuteStart + (target - minute + 1440) * MINUTE;
}
