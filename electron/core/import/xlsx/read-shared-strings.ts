import { CellTextBuffer, decodeOoxmlEscapes } from './cell-text.ts';
import { formatCount } from './format-size.ts';
import type { PartBudget, ZipArchive } from './open-zip.ts';
import { readXmlPart } from './read-xml-part.ts';
import { xlsxError } from './xlsx-error.ts';
import type { XlsxLimits } from './xlsx-limits.ts';

/**
 * The shared strings table: each `<si>` as plain text, rich-text runs joined. Phonetic guides
 * (`<rPh>`, the furigana Japanese Excel stores next to the text) are not part of the value.
 * The declared `count`/`uniqueCount` is never trusted: the table grows as items arrive.
 */
export async function readSharedStrings(
  archive: ZipArchive,
  name: string,
  budget: PartBudget,
  context: { file: string; maxNodeChars: number; limits: XlsxLimits },
): Promise<string[]> {
  const { maxSharedStrings, maxCellChars } = context.limits;
  const strings: string[] = [];
  const item = new CellTextBuffer(maxCellChars);
  let inItem = false;
  let inText = false;
  let phoneticDepth = 0;

  await readXmlPart(
    archive,
    name,
    budget,
    {
      open(element) {
        if (element === 'si') {
          inItem = true;
          phoneticDepth = 0;
        } else if (element === 'rPh') {
          phoneticDepth += 1;
        } else if (element === 't' && inItem && phoneticDepth === 0) {
          inText = true;
        }
      },
      close(element) {
        if (element === 't') {
          inText = false;
        } else if (element === 'rPh') {
          phoneticDepth = Math.max(0, phoneticDepth - 1);
        } else if (element === 'si' && inItem) {
          inItem = false;
          if (strings.length >= maxSharedStrings) {
            throw xlsxError(
              'xlsx_too_large',
              context.file,
              `${budget.label} holds more than ${formatCount(maxSharedStrings)} texts; the limit (maxSharedStrings) is ${formatCount(maxSharedStrings)}`,
            );
          }
          strings.push(item.take());
        }
      },
      text(text) {
        if (inText) item.append(decodeOoxmlEscapes(text));
      },
    },
    context,
  );
  return strings;
}
