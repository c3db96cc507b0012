import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { parseDuration } from '../../../../shared/journey/duration.ts';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** The largest unit that shows a duration exactly: 7 days, 30 hours (an upload lag reads better in hours), 90 minutes. */
export function durationParts(ms: number): { unit: 'day' | 'hour' | 'minute' | 'second'; count: number } {
  if (ms > 0 && ms % DAY === 0) return { unit: 'day', count: ms / DAY };
  if (ms % HOUR === 0) return { unit: 'hour', count: ms / HOUR };
  if (ms % MINUTE === 0) return { unit: 'minute', count: ms / MINUTE };
  return { unit: 'second', count: Math.round((ms / SECOND) * 10) / 10 };
}

/** Durations in words of the UI language: "7 days", "7日", "7 天". Accepts milliseconds or ISO 8601 text. */
export function useDurationText(): (value: number | string | null | undefined) => string {
  const { t } = useTranslation('journeys');
  return useCallback((value) => {
    const ms = typeof value === 'string' ? parseDuration(value) : value;
    if (ms === null || ms === undefined) return typeof value === 'string' ? value : '—';
    const { unit, count } = durationParts(ms);
    return t(`duration.${unit}`, { count });
  }, [t]);
}
