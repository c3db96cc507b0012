/**
 * FNV-1a over the UTF-16 code units, then a 32-bit finaliser so that keys differing in one character
 * land far apart: a uniform number in [0, 1) that depends only on (seed, key), on every machine and in
 * whatever order keys are drawn (preview email opens, control groups).
 */
export function stableUniform(seed: number, key: string): number {
  let hash = 0x811c9dc5 ^ seed;
  for (let index = 0; index < key.length; index++) {
    hash ^= key.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x7feb352d);
  hash ^= hash >>> 15;
  hash = Math.imul(hash, 0x846ca68b);
  hash ^= hash >>> 16;
  return (hash >>> 0) / 4_294_967_296;
}
