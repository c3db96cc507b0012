import { analyse } from 'chardet';

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

/**
 * UTF-8 when the sample is valid UTF-8 (ASCII included); otherwise Shift_JIS (CP932) or Big5, whichever
 * decodes without error, asking a charset detector and then a kana test when both do.
 */
export function detectEncoding(sample: Uint8Array): TextEncoding {
  if (sample[0] === 0xef && sample[1] === 0xbb && sample[2] === 0xbf) return 'utf-8';
  if (sample[0] === 0xff && sample[1] === 0xfe) return 'utf-16le';
  if (decodesCleanly(sample, 'utf-8')) return 'utf-8';
  const sjis = decodesCleanly(sample, 'shift_jis');
  const big5 = decodesCleanly(sample, 'big5');
  if (sjis && !big5) return 'shift_jis';
  if (big5 && !sjis) return 'big5';
  const ranked = analyse(sample).filter((match) => match.name === 'Shift_JIS' || match.name === 'Big5');
  const best = ranked[0];
  if (best && best.confidence >= 50 && (ranked[1] === undefined || best.confidence > ranked[1].confidence)) {
    return best.name === 'Big5' ? 'big5' : 'shift_jis';
  }
  const asJapanese = japaneseScore(new TextDecoder('shift_jis').decode(sample));
  return asJapanese > 0 ? 'shift_jis' : 'big5';
}
