import type { PartBudget, ZipArchive } from './open-zip.ts';
import { decodePartName, resolvePartName } from './part-name.ts';
import { readRelationships, relationshipKind, relationshipsPartOf, type Relationship } from './read-relationships.ts';
import { readXmlPart } from './read-xml-part.ts';
import { quoteName, xlsxError } from './xlsx-error.ts';
import { maxXmlNodeChars, type XlsxLimits } from './xlsx-limits.ts';

export interface WorkbookSheet {
  name: string;
  /** The zip entry holding the sheet; undefined when its relationship is missing or leads outside the file. */
  part: string | undefined;
}

export interface Workbook {
  /** In workbook order (the tab order Excel shows). */
  sheets: WorkbookSheet[];
  /** Serial 0 is 1904-01-01 instead of 1900-01-00 (old Mac workbooks). */
  date1904: boolean;
  sharedStringsPart: string | undefined;
  stylesPart: string | undefined;
}

const WORKBOOK_PART = 'xl/workbook.xml';

export async function readWorkbook(archive: ZipArchive, file: string, limits: XlsxLimits): Promise<Workbook> {
  const workbookPart = archive.find(WORKBOOK_PART);
  if (workbookPart === undefined) {
    throw xlsxError('xlsx_not_a_workbook', file, 'this is a zip archive but not an Excel workbook (.xlsx): it has no workbook inside');
  }
  const context = { file, maxNodeChars: maxXmlNodeChars(limits) };
  const budget = (label: string): PartBudget => ({ maxBytes: limits.maxPartBytes, limitName: 'maxPartBytes', label });

  const relsName = archive.find(relationshipsPartOf(workbookPart));
  const relationships =
    relsName === undefined
      ? new Map<string, Relationship>()
      : await readRelationships(archive, relsName, budget(`the workbook relationships (${quoteName(relsName)})`), context);

  const declared: { name: string; relationshipId: string | undefined }[] = [];
  let date1904 = false;
  let inSheets = false;
  await readXmlPart(
    archive,
    workbookPart,
    budget(`the workbook index (${quoteName(workbookPart)})`),
    {
      open(element, attributes) {
        if (element === 'workbookPr') {
          const value = attributes['date1904'];
          date1904 = value === '1' || value === 'true';
        } else if (element === 'sheets') {
          inSheets = true;
        } else if (element === 'sheet' && inSheets) {
          declared.push({ name: attributes['name'] ?? '', relationshipId: relationshipIdOf(attributes) });
        }
      },
      close(element) {
        if (element === 'sheets') inSheets = false;
      },
      text() {},
    },
    context,
  );

  const resolve = (relationship: Relationship | undefined): string | undefined => {
    if (relationship === undefined || relationship.external) return undefined;
    const name = resolvePartName(workbookPart, relationship.target);
    if (name === undefined) return undefined;
    const decoded = decodePartName(name);
    return archive.find(name) ?? (decoded === undefined ? undefined : archive.find(decoded));
  };
  const byKind = (kind: string): Relationship | undefined =>
    [...relationships.values()].find((relationship) => relationshipKind(relationship) === kind);

  return {
    sheets: declared.map((sheet) => ({
      name: sheet.name,
      part: sheet.relationshipId === undefined ? undefined : resolve(relationships.get(sheet.relationshipId)),
    })),
    date1904,
    sharedStringsPart: resolve(byKind('sharedStrings')) ?? archive.find('xl/sharedStrings.xml'),
    stylesPart: resolve(byKind('styles')) ?? archive.find('xl/styles.xml'),
  };
}

/** `r:id`, whatever prefix the file bound to the relationships namespace. */
function relationshipIdOf(attributes: Readonly<Record<string, string>>): string | undefined {
  const direct = attributes['r:id'];
  if (direct !== undefined) return direct;
  const key = Object.keys(attributes).find((name) => name.endsWith(':id'));
  return key === undefined ? undefined : attributes[key];
}
