import { analyse } from 'chardet';
import { ShopfloorError } from '../errors.ts';

/** The encodings registers in Japan and Taiwan export, plus Excel's "Unicode text". */
export const textEncodings = ['utf-8', 'shift_jis', 'big5', 'utf-16le'] as const;
export type TextEncoding = (typeof textEncodings)[number];

export function isTextEncoding(value: string): value is TextEncoding {
  return (textEncodings as readonly string[]).includes(value);
}

function decodesCleanly(sample: Uint8Array, encoding: TextEncoding): boolean {
  try {
    // stream: true, so a multi-byte character cut at the end of the sample is not an error.
    new TextDecoder(encoding, { fatal: true }).decode(sample, { stream: true });
    return true;
  } catch {
    return false;
  }
}

// Big5 bytes read as Shift_JIS come out as runs of half-width katakana; real Japanese text has kana and kanji.
function japaneseScore(text: string): number {
  let score = 0;
  for (const char of text) {
    const code = char.codePointAt(0)!;
    if ((code >= 0x3040 && code <= 0x30ff) || (code >= 0x4e00 && code <= 0x9fff)) score += 1;
    else if (code >= 0xff61 && code <= 0xff9f) score -= 2;
  }
  return score;
}

// Fewer non-ASCII bytes than this, read as well in Shift_JIS as in Big5, are too little to tell which.
const MIN_EVIDENCE_BYTES = 8;

/** Where UTF-8 decoding first fails, and how much of the non-ASCII text still read as UTF-8. */
function utf8Damage(sample: Uint8Array): { offset: number; validShare: number } {
  const text = new TextDecoder('utf-8').decode(sample, { stream: true });
  const first = text.indexOf('\ufffd');
  let valid = 0;
  let invalid = 0;
  for (const char of text) {
    const code = char.codePointAt(0)!;
    if (code === 0xfffd) invalid += 1;
    else if (code >= 0x80) valid += code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
  }
  return { offset: first < 0 ? 0 : Buffer.byteLength(text.slice(0, first), 'utf8'), validShare: valid / (valid + invalid) };
}

function nonAsciiBytes(sample: Uint8Array): number {
  let count = 0;
  for (const byte of sample) if (byte >= 0x80) count += 1;
  return count;
}

/**
 * UTF-8 when the sample is valid UTF-8 (ASCII included); otherwise Shift_JIS (CP932) or Big5, whichever
 * decodes without error, asking a charset detector and then a kana test when both do. When neither
 * fits, when the sample is mostly UTF-8 with a few broken bytes, or when both fit too few non-ASCII
 * bytes to judge, a guess would import garbled text without a word: the user is asked instead.
 */
export function detectEncoding(sample: Uint8Array, displayName: string): TextEncoding {
  if (sample[0] === 0xef && sample[1] === 0xbb && sample[2] === 0xbf) return 'utf-8';
  if (sample[0] === 0xff && sample[1] === 0xfe) return 'utf-16le';
  if (decodesCleanly(sample, 'utf-8')) return 'utf-8';
  const sjis = decodesCleanly(sample, 'shift_jis');
  const big5 = decodesCleanly(sample, 'big5');
  const damage = utf8Damage(sample);
  const unsure = () => new ShopfloorError('encoding_unsure',
    `the text is not valid UTF-8 at byte ${damage.offset.toLocaleString('en-US')}, and which encoding it is instead cannot be told for sure: choose it with --encoding (utf-8, shift_jis, big5, utf-16le)`,
    { file: displayName });
  if ((!sjis && !big5) || damage.validShare >= 0.5) throw unsure();
  if (sjis && !big5) return 'shift_jis';
  if (big5 && !sjis) return 'big5';
  if (nonAsciiBytes(sample) < MIN_EVIDENCE_BYTES) throw unsure();
  const ranked = analyse(sample).filter((match) => match.name === 'Shift_JIS' || match.name === 'Big5');
  const best = ranked[0];
  if (best && best.confidence >= 50 && (ranked[1] === undefined || best.confidence > ranked[1].confidence)) {
    return best.name === 'Big5' ? 'big5' : 'shift_jis';
  }
  const asJapanese = japaneseScore(new TextDecoder('shift_jis').decode(sample));
  return asJapanese > 0 ? 'shift_jis' : 'big5';
}
