// Currency marks a register may print around an amount: ¥1,280, ￥1,280, 1,280円, NT$1,280, $12.50. A decimal comma
// (1.280,50) is not read: it would be ambiguous with the thousands separator these exports use. In Shift_JIS the
// yen sign is byte 0x5C, which decodes as a backslash: \1,280 is ¥1,280.
const currency = /^(?:NT\$|HK\$|US\$|JPY|TWD|HKD|USD|[¥$€£\\])|(?:円|元|圓|JPY|TWD|HKD|USD)$/gi;
const plain = /^(?:\d+|\d{1,3}(?:,\d{3})+)(?:\.\d+)?$/;

interface NumberText {
  value: string;
  negative: boolean;
  signs: number;
}

function takeSign(text: NumberText): void {
  if (!text.value.startsWith('-') && !text.value.startsWith('+')) return;
  if (text.value.startsWith('-')) text.negative = !text.negative;
  text.signs += 1;
  text.value = text.value.slice(1).trim();
}

/** `1,280`, `¥1,280`, `-1,280`, `¥-1,280`, `(1,280)`, `１２８０` → numbers; anything else → null. */
export function parseNumber(input: string): number | null {
  const trimmed = input.trim();
  if (trimmed === '') return null;
  // The common case, a plain integer, without the regular expressions below.
  if (trimmed.length < 16 && /^-?\d+$/.test(trimmed)) return Number(trimmed);
  const text: NumberText = { value: trimmed, negative: false, signs: 0 };
  if (/[^\x00-\x7f]/.test(text.value)) text.value = text.value.normalize('NFKC').replace(/[−–]/g, '-');
  if (text.value.startsWith('(') && text.value.endsWith(')')) {
    text.negative = true;
    text.signs += 1;
    text.value = text.value.slice(1, -1).trim();
  }
  takeSign(text);
  text.value = text.value.replace(currency, '').trim();
  takeSign(text);
  if (text.signs > 1 || !plain.test(text.value)) return null;
  const result = Number(text.value.replace(/,/g, ''));
  if (!Number.isFinite(result)) return null;
  return text.negative ? -result : result;
}
