import { IgnoredCellsTally } from '../ignored-cells.ts';
import type { RowSource } from '../source-row.ts';
import { openZip, type PartBudget } from './open-zip.ts';
import { readSharedStrings } from './read-shared-strings.ts';
import { readSheetRows } from './read-sheet-rows.ts';
import { readStyles, type DateStyles } from './read-styles.ts';
import { readWorkbook } from './read-workbook.ts';
import { selectSheet } from './select-sheet.ts';
import { quoteName, xlsxError } from './xlsx-error.ts';
import { maxXmlNodeChars, resolveXlsxLimits, type XlsxLimits } from './xlsx-limits.ts';

export { defaultXlsxLimits, type XlsxLimits } from './xlsx-limits.ts';
export { TRUNCATION_MARKER } from './cell-text.ts';

/**
 * Opens one sheet of an .xlsx workbook for streaming. The workbook index, styles and shared strings
 * are read now; the sheet itself is unpacked and parsed as the consumer pulls rows.
 */
export async function openXlsx(
  file: string,
  options: { sheet?: string; limits?: Partial<XlsxLimits>; displayName?: string } = {},
): Promise<RowSource> {
  const displayName = options.displayName ?? file;
  const limits = resolveXlsxLimits(options.limits);
  const maxNodeChars = maxXmlNodeChars(limits);
  const archive = await openZip(file, displayName, limits);
  try {
    const workbook = await readWorkbook(archive, displayName, limits);
    const sheet = selectSheet(workbook.sheets, options.sheet, displayName);
    const label = `sheet ${quoteName(sheet.name)}`;
    if (sheet.part === undefined) {
      throw xlsxError('xlsx_malformed', displayName, `the workbook is damaged: ${label} points to a part that is not in the file`);
    }
    const sheetPart = sheet.part;
    const sheetBudget: PartBudget = { maxBytes: limits.maxEntryBytes, limitName: 'maxEntryBytes', label };
    archive.check(sheetPart, sheetBudget);

    const dateStyles: DateStyles =
      workbook.stylesPart === undefined
        ? []
        : await readStyles(
            archive,
            workbook.stylesPart,
            { maxBytes: limits.maxPartBytes, limitName: 'maxPartBytes', label: `the styles (${quoteName(workbook.stylesPart)})` },
            { file: displayName, maxNodeChars },
          );
    const sharedStrings =
      workbook.sharedStringsPart === undefined
        ? []
        : await readSharedStrings(
            archive,
            workbook.sharedStringsPart,
            {
              maxBytes: limits.maxSharedStringsBytes,
              limitName: 'maxSharedStringsBytes',
              label: `the shared text table (${quoteName(workbook.sharedStringsPart)})`,
            },
            { file: displayName, maxNodeChars, limits },
          );

    const ignored = new IgnoredCellsTally();
    return {
      info: {
        format: 'xlsx',
        encoding: 'utf-8',
        sheet: sheet.name,
        sheets: workbook.sheets.map((s) => s.name),
      },
      bytesRead: () => archive.compressedBytesRead(),
      rows: () =>
        readSheetRows(archive.read(sheetPart, sheetBudget), {
          file: displayName,
          label,
          maxNodeChars,
          sharedStrings,
          dateStyles,
          date1904: workbook.date1904,
          maxCellChars: limits.maxCellChars,
          maxExpandedChars: limits.maxExpandedChars,
          maxExpansionRatio: limits.maxExpansionRatio,
          maxColumns: limits.maxColumns,
          ignored,
        }),
      ignoredCells: () => ignored.result(),
      close: () => archive.close(),
    };
  } catch (error) {
    await archive.close();
    throw error;
  }
}
