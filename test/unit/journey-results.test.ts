import { describe, expect, it } from 'vitest';
import { controlDraw, groupOf } from '../../shared/journey/control-group.ts';
import { parseJourney } from '../../shared/journey/parse-journey.ts';
import { encourageOfflinePurchases } from '../../shared/journey/template.ts';
import { liftOf, newcombeInterval, wilsonInterval } from '../../electron/core/results/lift.ts';

const round4 = (values: readonly number[]) => values.map((value) => Math.round(value * 10_000) / 10_000);

describe('the lift interval', () => {
  // Newcombe (1998), "Interval estimation for the difference between independent proportions: comparison of
  // eleven methods", Statistics in Medicine 17:873–890, Table II, method 10 (hybrid score), examples (a)–(h).
  // The same values come out of a separate computation by hand (Wilson limits, then the square-and-add step).
  const published: Array<[x1: number, n1: number, x2: number, n2: number, low: number, high: number]> = [
    [56, 70, 48, 80, 0.0524, 0.3339],
    [9, 10, 3, 10, 0.1705, 0.8090],
    [6, 7, 2, 7, 0.0582, 0.8062],
    [5, 56, 0, 29, -0.0381, 0.1926],
    [0, 10, 0, 20, -0.1611, 0.2775],
    [0, 10, 0, 10, -0.2775, 0.2775],
    [10, 10, 0, 20, 0.6791, 1.0000],
    [10, 10, 0, 10, 0.6075, 1.0000],
  ];
  it.each(published)('%i/%i − %i/%i: Newcombe\'s hybrid score interval is [%f, %f]', (x1, n1, x2, n2, low, high) => {
    expect(round4(newcombeInterval(x1, n1, x2, n2))).toEqual([low, high]);
  });

  it('Wilson limits of 56/70 worked by hand: (2np + z² ∓ z√(z² + 4np(1−p))) / 2(n + z²)', () => {
    // n = 70, p = 0.8, z = 1.95996, z² = 3.84146: (112 + 3.84146 ∓ 1.95996·√(3.84146 + 44.8)) / 2(73.84146)
    // = (115.84146 ∓ 13.66944) / 147.68292 = 0.69184, 0.87696
    expect(round4(wilsonInterval(56, 70))).toEqual([0.6918, 0.8770]);
  });

  it('reports the difference, relative lift and revenue per entrant; enough data needs 30 entrants and 5 conversions in each group', () => {
    const lift = liftOf({ entered: 70, converted: 56, revenue: 7000 }, { entered: 80, converted: 48, revenue: 4000 })!;
    expect(lift.rate).toBeCloseTo(0.2, 12);
    expect(round4(lift.rate_ci95)).toEqual([0.0524, 0.3339]);
    expect(lift.rate_relative).toBeCloseTo(0.8 / 0.6 - 1, 12);
    expect(lift.revenue_per_entrant).toBeCloseTo(100 - 50, 12);
    expect(lift.revenue_per_entrant_relative).toBeCloseTo(1, 12);
    expect(lift).toMatchObject({ enough_data: true, method: 'newcombe_hybrid_score' });
    expect(liftOf({ entered: 29, converted: 10, revenue: null }, { entered: 80, converted: 48, revenue: null })).toMatchObject({ enough_data: false, revenue_per_entrant: null });
    expect(liftOf({ entered: 70, converted: 56, revenue: null }, { entered: 80, converted: 4, revenue: null })!.enough_data).toBe(false);
    expect(liftOf({ entered: 70, converted: 56, revenue: null }, { entered: 80, converted: 0, revenue: null })!.rate_relative).toBeNull();
    expect(liftOf({ entered: 70, converted: 56, revenue: null }, { entered: 0, converted: 0, revenue: null })).toBeNull();
  });
});

describe('the control group', () => {
  it('is drawn from (journey id, user id): fixed values, a share of about the asked size, independent between journeys', () => {
    // Pinned (from a separate Python implementation of the same FNV-1a and finaliser over UTF-16 code units):
    // a change of hash would move customers between the groups of running journeys.
    expect([controlDraw(1, 'M100001'), controlDraw(2, 'M100001'), controlDraw(1, '会員0001')].map((value) => value.toFixed(6)))
      .toEqual(['0.581484', '0.958130', '0.147461']);
    const users = Array.from({ length: 20_000 }, (_, index) => `M${100_000 + index}`);
    const share = (journey: number, value: number) => users.filter((user) => groupOf(journey, user, value) === 'control').length / users.length;
    expect(share(1, 0.1)).toBeGreaterThan(0.09);
    expect(share(1, 0.1)).toBeLessThan(0.11);
    expect(share(7, 0.5)).toBeGreaterThan(0.48);
    expect(share(7, 0.5)).toBeLessThan(0.52);
    expect(share(1, 0)).toBe(0);
    const both = users.filter((user) => groupOf(1, user, 0.5) === 'control' && groupOf(2, user, 0.5) === 'control').length / users.length;
    expect(both).toBeGreaterThan(0.23);
    expect(both).toBeLessThan(0.27);
  });

  it('definitions: control.share 0 to 0.5 and goal.value a parameter name are optional; older definitions stay valid', () => {
    const problems = (input: unknown) => {
      const result = parseJourney(input);
      return result.ok ? [] : result.problems.map((problem) => problem.message);
    };
    expect(problems(encourageOfflinePurchases)).toEqual([]);
    const goal = { event: { name: 'offline_purchase', is_offline: true }, window: 'P7D' };
    expect(problems({ ...encourageOfflinePurchases, control: { share: 0.1 }, goal: { ...goal, value: 'amount' } })).toEqual([]);
    expect(problems({ ...encourageOfflinePurchases, control: { share: 0.6 } })).toEqual(['control.share: the control share is at most 0.5: at least half of the entrants get the journey']);
    expect(problems({ ...encourageOfflinePurchases, control: { share: -0.1 } })).toEqual(['control.share: the control share is 0 to 0.5']);
    expect(problems({ ...encourageOfflinePurchases, control: { share: 0.1, seed: 3 } })).toEqual(['control: unknown field "seed"']);
    expect(problems({ ...encourageOfflinePurchases, goal: { ...goal, value: 'Amount (JPY)' } })).toEqual(['goal.value: a parameter name ([a-z_][a-z0-9_]*), e.g. amount']);
  });
});
