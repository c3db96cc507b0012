/** Round axis ticks from 0 up past the largest value: 0, 10, 20, 30 rather than 0, 8.5, 17, 25.5. */
export function niceTicks(max: number, fallback: number): number[] {
  const top = max > 0 ? max : fallback;
  const rough = top / 4;
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 2.5, 5, 10].map((factor) => factor * magnitude).find((candidate) => candidate >= rough) ?? 10 * magnitude;
  const count = Math.max(1, Math.ceil(top / step - 1e-9));
  return Array.from({ length: count + 1 }, (_, index) => Number((index * step).toPrecision(12)));
}
