import type { JourneyDefinition } from './definition.ts';

export type Group = 'target' | 'control';

/**
 * The reason on a control run's message (status `skipped`): what would have been sent and when. The
 * dispatcher only sends `scheduled` messages and the daily cap counts only scheduled and sent ones.
 */
export const CONTROL_GROUP_REASON = 'control_group';

/**
 * A number in [0, 1) fixed by (journey id, user id): FNV-1a over the UTF-16 code units, then a 32-bit
 * finaliser (murmur3's) so that ids differing in one character still land far apart. No randomness and
 * nothing stored: the preview, the engine and a later re-entry all compute the same value.
 */
export function controlDraw(journeyId: number, userId: string): number {
  const key = `${journeyId}\u0000${userId}`;
  let hash = 0x811c9dc5;
  for (let index = 0; index < key.length; index++) {
    hash ^= key.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  hash ^= hash >>> 16;
  return (hash >>> 0) / 4_294_967_296;
}

export function controlShare(definition: JourneyDefinition): number {
  return definition.control?.share ?? 0;
}

/** The user's group in a journey: held back (control) when the draw falls under the share. */
export function groupOf(journeyId: number, userId: string, share: number): Group {
  return share > 0 && controlDraw(journeyId, userId) < share ? 'control' : 'target';
}
