import { DateTime } from 'luxon';
import type { Channel } from '../../../shared/journey/definition.ts';
import type { SendSettings } from './engine-types.ts';

function minutesOf(time: string): number {
  const [hours, minutes] = time.split(':').map(Number);
  return hours! * 60 + minutes!;
}

/** The first moment at or after `at` outside quiet hours, in the store's zone. */
export function deferForQuietHours(at: number, settings: SendSettings): number {
  if (!settings.quietHours) return at;
  const start = minutesOf(settings.quietHours.start);
  const end = minutesOf(settings.quietHours.end);
  if (start === end) return at;
  const local = DateTime.fromMillis(at, { zone: settings.zone });
  const minute = local.hour * 60 + local.minute;
  const endToday = local.startOf('day').plus({ minutes: end });
  if (start < end) return minute >= start && minute < end ? endToday.toMillis() : at;
  // Quiet hours across midnight, e.g. 21:00–09:00.
  if (minute >= start) return endToday.plus({ days: 1 }).toMillis();
  if (minute < end) return endToday.toMillis();
  return at;
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
  const start = DateTime.fromMillis(at, { zone }).startOf('day');
  return [start.toMillis(), start.plus({ days: 1 }).toMillis()];
}

/** The next time the clock in `zone` shows HH:MM, at or after `at`. */
export function nextTimeOfDay(at: number, time: string, zone: string): number {
  const minutes = minutesOf(time);
  const local = DateTime.fromMillis(at, { zone });
  const today = local.startOf('day').plus({ minutes });
  return (today.toMillis() >= at ? today : today.plus({ days: 1 })).toMillis();
}
