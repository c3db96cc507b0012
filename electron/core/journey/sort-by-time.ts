const DIGIT = 65_536;

/**
 * The indices sorted by their times, stably: a radix sort on whole milliseconds in three 16-bit
 * passes (a span of up to 2^48 ms), linear where a comparison sort of a million indices is not.
 */
/** (`indices` is used as scratch space.) */
export function sortByTime(times: Float64Array, indices: Int32Array): Int32Array {
  if (indices.length < 2) return indices;
  let min = Infinity;
  for (const index of indices) if (times[index]! < min) min = times[index]!;
  let from: Int32Array = indices;
  let to: Int32Array = new Int32Array(indices.length);
  const counts = new Int32Array(DIGIT);
  for (let pass = 0, scale = 1; pass < 3; pass++, scale *= DIGIT) {
    counts.fill(0);
    for (const index of from) counts[Math.floor((times[index]! - min) / scale) % DIGIT]! += 1;
    for (let digit = 0, start = 0; digit < DIGIT; digit++) {
      const count = counts[digit]!;
      counts[digit] = start;
      start += count;
    }
    for (const index of from) to[counts[Math.floor((times[index]! - min) / scale) % DIGIT]!++] = index;
    [from, to] = [to, from];
  }
  return from;
}
