import { classifyBuiltinFormat, classifyFormatCode, type DateKind } from './number-format.ts';
import type { PartBudget, ZipArchive } from './open-zip.ts';
import { readXmlPart } from './read-xml-part.ts';

/** For each cell style index (a cell's `s`), whether its number is a date and whether it shows a time. */
export type DateStyles = readonly DateKind[];

/** Reads `numFmts` and `cellXfs` from xl/styles.xml. */
export async function readStyles(
  archive: ZipArchive,
  name: string,
  budget: PartBudget,
  context: { file: string; maxNodeChars: number },
): Promise<DateStyles> {
  const customFormats = new Map<number, string>();
  const styleFormats: number[] = [];
  let inCellXfs = false;
  let xfDepth = 0;

  await readXmlPart(
    archive,
    name,
    budget,
    {
      open(element, attributes) {
        if (element === 'numFmt') {
          const id = toIndex(attributes['numFmtId']);
          const code = attributes['formatCode'];
          if (id !== undefined && code !== undefined) customFormats.set(id, code);
        } else if (element === 'cellXfs') {
          inCellXfs = true;
        } else if (inCellXfs && element === 'xf') {
          // Only direct children of cellXfs are styles; cellStyleXfs holds look-alike xf elements.
          if (xfDepth === 0) styleFormats.push(toIndex(attributes['numFmtId']) ?? 0);
          xfDepth += 1;
        }
      },
      close(element) {
        if (element === 'cellXfs') inCellXfs = false;
        else if (inCellXfs && element === 'xf') xfDepth -= 1;
      },
      text() {},
    },
    context,
  );

  const kinds = new Map<number, DateKind>();
  const kindOf = (formatId: number): DateKind => {
    let kind = kinds.get(formatId);
    if (kind === undefined) {
      const code = customFormats.get(formatId);
      kind = code === undefined ? classifyBuiltinFormat(formatId) : classifyFormatCode(code);
      kinds.set(formatId, kind);
    }
    return kind;
  };
  return styleFormats.map(kindOf);
}

function toIndex(value: string | undefined): number | undefined {
  if (value === undefined || !/^\d{1,9}$/.test(value.trim())) return undefined;
  return Number(value.trim());
}
