/** z for a two-sided 95 % interval. */
const Z95 = 1.959963984540054;

/** Below these, a lift says more about chance than about the journey (README: "not enough data"). */
export const MIN_ENTRANTS_PER_GROUP = 30;
export const MIN_CONVERSIONS_PER_GROUP = 5;

export const LIFT_METHOD = 'newcombe_hybrid_score';

/** Wilson's score interval for a proportion x/n (n > 0). */
export function wilsonInterval(x: number, n: number, z = Z95): [number, number] {
  const p = x / n;
  const centre = 2 * n * p + z * z;
  const spread = z * Math.sqrt(z * z + 4 * n * p * (1 - p));
  const denominator = 2 * (n + z * z);
  return [Math.max(0, (centre - spread) / denominator), Math.min(1, (centre + spread) / denominator)];
}

/**
 * Newcombe's hybrid score interval (1998, method 10) for p1 − p2: the two Wilson intervals combined,
 * which keeps its coverage near 95 % for small groups and rates near 0 or 1, where the textbook
 * (Wald) interval fails.
 */
export function newcombeInterval(x1: number, n1: number, x2: number, n2: number, z = Z95): [number, number] {
  const p1 = x1 / n1;
  const p2 = x2 / n2;
  const [l1, u1] = wilsonInterval(x1, n1, z);
  const [l2, u2] = wilsonInterval(x2, n2, z);
  const difference = p1 - p2;
  return [difference - Math.hypot(p1 - l1, u2 - p2), difference + Math.hypot(u1 - p1, p2 - l2)];
}

export interface GroupCounts {
  entered: number;
  converted: number;
  /** Net revenue; null when the goal names no value parameter. */
  revenue: number | null;
}

export interface Lift {
  /** Conversion rate of target minus control (a difference of proportions). */
  rate: number;
  rate_ci95: [number, number];
  /** target rate / control rate − 1; null when the control group converted nobody. */
  rate_relative: number | null;
  /** Revenue per entrant, target minus control; null without a value parameter. */
  revenue_per_entrant: number | null;
  revenue_per_entrant_relative: number | null;
  enough_data: boolean;
  method: typeof LIFT_METHOD;
}

function relative(target: number, control: number): number | null {
  return control === 0 ? null : target / control - 1;
}

/** Target against control; null when either group has no entrant (nothing to compare). */
export function liftOf(target: GroupCounts, control: GroupCounts): Lift | null {
  if (target.entered === 0 || control.entered === 0) return null;
  const rateTarget = target.converted / target.entered;
  const rateControl = control.converted / control.entered;
  const perTarget = target.revenue === null ? null : target.revenue / target.entered;
  const perControl = control.revenue === null ? null : control.revenue / control.entered;
  return {
    rate: rateTarget - rateControl,
    rate_ci95: newcombeInterval(target.converted, target.entered, control.converted, control.entered),
    rate_relative: relative(rateTarget, rateControl),
    revenue_per_entrant: perTarget === null || perControl === null ? null : perTarget - perControl,
    revenue_per_entrant_relative: perTarget === null || perControl === null ? null : relative(perTarget, perControl),
    enough_data: [target, control].every((group) => group.entered >= MIN_ENTRANTS_PER_GROUP && group.converted >= MIN_CONVERSIONS_PER_GROUP),
    method: LIFT_METHOD,
  };
}
