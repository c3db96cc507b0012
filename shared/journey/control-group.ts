import { stableUniform } from './stable-hash.ts';
import type { JourneyDefinition } from './definition.ts';

export type Group = 'target' | 'control';

/**
 * The reason on a control run's message (status `skipped`): what would have been sent and when. The
 * dispatcher only sends `scheduled` messages and the daily cap counts only scheduled and sent ones.
 */
export const CONTROL_GROUP_REASON = 'control_group';

/**
 * A number in [0, 1) fixed by (journey id, user id): no randomness and nothing stored, so the preview,
 * the engine and a later re-entry all compute the same value.
 */
export function controlDraw(journeyId: number, userId: string): number {
  return stableUniform(0, `${journeyId}\u0000${userId}`);
}

export function controlShare(definition: JourneyDefinition): number {
  return definition.control?.share ?? 0;
}

/** The user's group in a journey: held back (control) when the draw falls under the share. */
export function groupOf(journeyId: number, userId: string, share: number): Group {
  return share > 0 && controlDraw(journeyId, userId) < share ? 'control' : 'target';
}
