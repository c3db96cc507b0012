/**
 * The form headers are compared in: full-width folded (NFKC), lower case, without spaces and
 * punctuation, so `Member ID`, `member_id`, `ＭｅｍｂｅｒＩＤ` and `会員ID` compare the way a person reads them.
 */
export function normalizeHeader(header: string): string {
  return header
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s_\-.・･:：/()（）[\]【】#＃「」'"]+/g, '');
}
