/** What a cell's number format makes of its number. */
export type DateKind = 'none' | 'date' | 'datetime';

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

/**
 * Built-in date formats (ECMA-376 §18.8.30); 27–36 and 50–58 are the CJK locale dates. 46 is
 * `[h]:mm:ss`, an elapsed duration rather than a moment, so it stays a number like `[h]:mm` does.
 */
const BUILTIN_DATES = new Set([...range(14, 22), ...range(27, 36), 45, 47, ...range(50, 58)]);

/**
 * Built-in formats showing a time of day. The CJK ids mean different things per locale (34 is
 * `yyyy"年"m"月"` in Japanese but `上午/下午h"时"mm"分"` in Chinese); listing the ambiguous ones here
 * keeps a time rather than silently dropping it.
 */
const BUILTIN_TIMES = new Set([18, 19, 20, 21, 22, 32, 33, 34, 35, 45, 47, 55, 56]);

export function classifyBuiltinFormat(id: number): DateKind {
  if (!BUILTIN_DATES.has(id)) return 'none';
  return BUILTIN_TIMES.has(id) ? 'datetime' : 'date';
}

/** Elapsed-time brackets: `[h]:mm` counts hours past 24, so the value is a duration. */
const ELAPSED = /\[(?:h+|m+|s+)\]/i;

/**
 * Whether a custom format code shows a date: after dropping literals (`"…"`, `\x`, `_x`, `*x`),
 * bracketed colours and locales (`[Red]`, `[$-411]`), `General` and exponents (`E+`), any of
 * d m y h s e g remains (e and g are Japanese era years).
 */
export function classifyFormatCode(code: string): DateKind {
  const withoutLiterals = code.replace(/"[^"]*"/g, '').replace(/\\./g, '').replace(/[_*]./g, '');
  if (ELAPSED.test(withoutLiterals)) return 'none';
  const tokens = withoutLiterals
    .replace(/\[[^\]]*\]/g, '')
    .replace(/general/gi, '')
    .replace(/e[+-]/gi, '');
  if (!/[dmyhseg]/i.test(tokens)) return 'none';
  return /[hs]/i.test(tokens) ? 'datetime' : 'date';
}
