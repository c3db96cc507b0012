/**
 * Durations that drive repetition have a floor: below it a journey would repeat itself at (nearly) one
 * instant and a tick would never end. Stated in the README's journey section.
 */
export const MIN_REEVALUATE_MS = 15 * 60_000;
export const MIN_CYCLE_DELAY_MS = 60_000;
