import { describe, expect, it } from 'vitest';
import { deferForQuietHours, localDay, nextTimeOfDay } from '../../electron/core/journey/send-policy.ts';

const settings = (zone: string, start: string, end: string) => ({ zone, quietHours: { start, end }, dailyCap: {}, staleAfterMs: 86_400_000 });
const iso = (ms: number) => new Date(ms).toISOString();

describe('send rules in the store zone', () => {
  it('defers a send out of quiet hours, across midnight and in summer time', () => {
    const tokyo = settings('Asia/Tokyo', '21:00', '09:00');
    expect(iso(deferForQuietHours(Date.parse('2026-12-01T13:30:00Z'), tokyo))).toBe('2026-12-02T00:00:00.000Z');
    expect(iso(deferForQuietHours(Date.parse('2026-12-01T16:00:00Z'), tokyo))).toBe('2026-12-02T00:00:00.000Z');
    expect(iso(deferForQuietHours(Date.parse('2026-12-01T03:15:20Z'), tokyo))).toBe('2026-12-01T03:15:20.000Z');
    const newYork = settings('America/New_York', '21:00', '09:00');
    expect(iso(deferForQuietHours(Date.parse('2026-07-01T02:00:00Z'), newYork))).toBe('2026-07-01T13:00:00.000Z');
    expect(iso(deferForQuietHours(Date.parse('2026-12-01T02:00:00Z'), newYork))).toBe('2026-12-01T14:00:00.000Z');
    const lunch = settings('UTC', '12:00', '13:30');
    expect(iso(deferForQuietHours(Date.parse('2026-12-01T12:10:45Z'), lunch))).toBe('2026-12-01T13:30:00.000Z');
  });

  it('finds local days and the next time of day', () => {
    expect(localDay(Date.parse('2026-12-01T16:00:00Z'), 'Asia/Tokyo').map(iso)).toEqual(['2026-12-01T15:00:00.000Z', '2026-12-02T15:00:00.000Z']);
    expect(iso(nextTimeOfDay(Date.parse('2026-12-01T00:59:59Z'), '10:00', 'Asia/Tokyo'))).toBe('2026-12-01T01:00:00.000Z');
    // Reached at exactly 10:00, "until 10:00" means tomorrow's: a daily loop must not come back to it at once.
    expect(iso(nextTimeOfDay(Date.parse('2026-12-01T01:00:00Z'), '10:00', 'Asia/Tokyo'))).toBe('2026-12-02T01:00:00.000Z');
    expect(iso(nextTimeOfDay(Date.parse('2026-12-01T01:00:01Z'), '10:00', 'Asia/Tokyo'))).toBe('2026-12-02T01:00:00.000Z');
    expect(iso(nextTimeOfDay(Date.parse('2026-07-01T12:00:00Z'), '10:00', 'America/New_York'))).toBe('2026-07-01T14:00:00.000Z');
  });

  it('reads local times at each instant across daylight-saving changes (America/New_York)', () => {
    const newYork = settings('America/New_York', '21:00', '09:00');
    // Spring forward on 2026-03-08: 22:00 EST the evening before waits until 09:00 EDT, not 10:00.
    expect(iso(deferForQuietHours(Date.parse('2026-03-08T03:00:00Z'), newYork))).toBe('2026-03-08T13:00:00.000Z');
    expect(iso(nextTimeOfDay(Date.parse('2026-03-08T03:00:00Z'), '09:00', 'America/New_York'))).toBe('2026-03-08T13:00:00.000Z');
    // Fall back on 2026-11-01: 22:00 EDT the evening before waits until 09:00 EST, not 08:00.
    expect(iso(deferForQuietHours(Date.parse('2026-11-01T02:00:00Z'), newYork))).toBe('2026-11-01T14:00:00.000Z');
    expect(iso(nextTimeOfDay(Date.parse('2026-11-01T02:00:00Z'), '09:00', 'America/New_York'))).toBe('2026-11-01T14:00:00.000Z');
    // The days of the change are 23 and 25 hours long.
    expect(localDay(Date.parse('2026-03-08T12:00:00Z'), 'America/New_York').map(iso)).toEqual(['2026-03-08T05:00:00.000Z', '2026-03-09T04:00:00.000Z']);
    expect(localDay(Date.parse('2026-11-01T12:00:00Z'), 'America/New_York').map(iso)).toEqual(['2026-11-01T04:00:00.000Z', '2026-11-02T05:00:00.000Z']);
    // 02:30 does not exist on 2026-03-08: the clocks jump from 02:00 to 03:00.
    expect(iso(nextTimeOfDay(Date.parse('2026-03-08T05:00:00Z'), '02:30', 'America/New_York'))).toBe('2026-03-08T07:30:00.000Z');
  });
});
