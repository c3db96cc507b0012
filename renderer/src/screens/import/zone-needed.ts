import type { Inspection } from '../../../../shared/contract/schemas.ts';

const withOffset = /(?:Z|[+-]\d{2}:?\d{2})$/i;

/**
 * Whether the store's zone must be chosen before importing: events whose first times carry no
 * UTC offset would otherwise stop the import (members sheets hold dates, which need none).
 */
export function zoneNeeded(inspection: Inspection, tz: string): boolean {
  if (tz || inspection.kind === 'members') return false;
  const header = inspection.mapping.occurred_at;
  const column = header === undefined ? -1 : inspection.headers.indexOf(header);
  if (column < 0) return true;
  const times = inspection.samples.map((row) => (row[column] ?? '').trim()).filter((value) => value !== '');
  return times.length === 0 || times.some((value) => !withOffset.test(value));
}
