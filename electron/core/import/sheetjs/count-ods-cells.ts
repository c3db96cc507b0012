import type { ZipArchive } from '../xlsx/open-zip.ts';
import { readXmlPart } from '../xlsx/read-xml-part.ts';
import { formatCount } from '../xlsx/format-size.ts';
import { xlsxError } from '../xlsx/xlsx-error.ts';
import { maxXmlNodeChars, defaultXlsxLimits } from '../xlsx/xlsx-limits.ts';

/** A repeat count as ODF writes it; anything else counts once, as SheetJS reads it. */
function repeat(value: string | undefined): number {
  return value !== undefined && /^\d{1,10}$/.test(value) ? Math.max(1, Number(value)) : 1;
}

/**
 * Refuses an .ods whose rows and cells, repeated as they declare (`table:number-rows-repeated`,
 * `table:number-columns-repeated`), make more filled cells than `maxCells`: SheetJS makes an object of
 * every copy, so a few hundred bytes repeating one cell over the grid would fill any heap. Read as a
 * stream before SheetJS sees the file; blank repeated cells, which LibreOffice writes to the sheet's
 * edge, cost SheetJS nothing and are not counted.
 */
export async function checkOdsCells(archive: ZipArchive, file: string, maxCells: number): Promise<void> {
  const content = archive.find('content.xml');
  if (content === undefined) return;
  let total = 0;
  let rowRepeat = 1;
  let rowCells = 0;
  let cell: { repeat: number; filled: boolean } | undefined;
  await readXmlPart(archive, content, { maxBytes: Number.MAX_SAFE_INTEGER, limitName: 'maxUnpackedBytes', label: 'the sheets (content.xml)' }, {
    open(name, attributes) {
      if (name === 'table-row') {
        rowRepeat = repeat(attributes['table:number-rows-repeated']);
        rowCells = 0;
      } else if (name === 'table-cell' || name === 'covered-table-cell') {
        cell = { repeat: repeat(attributes['table:number-columns-repeated']), filled: attributes['office:value-type'] !== undefined };
      } else if (name === 'p' && cell) {
        cell.filled = true;
      }
    },
    close(name) {
      if ((name === 'table-cell' || name === 'covered-table-cell') && cell) {
        if (cell.filled) rowCells += cell.repeat;
        cell = undefined;
      } else if (name === 'table-row') {
        total += rowRepeat * rowCells;
        if (total > maxCells) {
          throw xlsxError('xlsx_too_large', file,
            `the workbook's repeated rows and cells make more than ${formatCount(maxCells)} filled cells (the limit, maxCells), more than it can hold in memory: save it as .xlsx or CSV`);
        }
      }
    },
    text() {},
  }, { file, maxNodeChars: maxXmlNodeChars(defaultXlsxLimits) });
}
