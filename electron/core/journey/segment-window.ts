import { durationMs } from '../../../shared/journey/duration.ts';
import type { EventCount } from '../../../shared/journey/definition.ts';

/** The occurred_at window [from, to] of "in the last X", shifted back by the upload interval when given. */
export function countWindow(count: EventCount, at: number): [from: number, to: number] {
  const shift = count.upload_interval ? durationMs(count.upload_interval) : 0;
  const to = at - shift;
  return [to - durationMs(count.in_last), to];
}
