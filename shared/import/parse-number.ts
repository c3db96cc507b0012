// Currency marks a register may print around an amount: ¥1,280, ￥1,280, 1,280円, NT$1,280, $12.50. A decimal comma
// (1.280,50) is not read: it would be ambiguous with the thousands separator these exports use. In Shift_JIS the
// yen sign is byte 0x5C, which decodes as a backslash: \1,280 is ¥1,280.
const currency = /^(?:NT\$|HK\$|US\$|JPY|TWD|HKD|USD|[¥$€£\\])|(?:円|元|圓|JPY|TWD|HKD|USD)$/gi;
const plain = /^(?:\d+|\d{1,3}(?:,\d{3})+)(?:\.\d+)?$/;

/** `1,280`, `¥1,280`, `-1,280`, `¥-1,280`, `(1,280)`, `１２８０` → numbers; anything else → null. */
export function parseNumber(text: string): number | null {
  let value = text.trim();
  if (value === '') return null;
  // The common case, a plain integer, without the regular expressions below.
  if (value.length < 16 && /^-?\d+$/.test(value)) return Number(value);
  if (/[^\x00-\x7f]/.test(value)) value = value.normalize('NFKC').replace(/[−–]/g, '-');
  let signs = 0;
  let negative = false;
  if (value.startsWith('(') && value.endsWith(')')) {
    negative = true;
    signs += 1;
    value = value.slice(1, -1).trim();
  }
  for (const step of ['sign', 'currency', 'sign'] as const) {
    if (step === 'currency') {
      value = value.replace(currency, '').trim();
    } else if (value.startsWith('-') || value.startsWith('+')) {
      if (value.startsWith('-')) negative = !negative;
      signs += 1;
      value = value.slice(1).trim();
    }
  }
  if (signs > 1 || !plain.test(value)) return null;
  const result = Number(value.replace(/,/g, ''));
  if (!Number.isFinite(result)) return null;
  return negative ? -result : result;
}
