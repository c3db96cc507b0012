import fs from 'node:fs';
import type { SourceFormat } from '../../../shared/model/source-format.ts';
import { defaultXlsxLimits } from './xlsx/xlsx-limits.ts';
import { openZip, type ZipArchive } from './xlsx/open-zip.ts';

const ZIP = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
/** An OLE compound file: Excel 97–2003 (BIFF8) and Excel 5/95 (BIFF5) keep their sheets in one. */
const CFB = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
/** The BOF record that opens a bare BIFF2, BIFF3 or BIFF4 worksheet (Excel 2.x–4.0, no container). */
const BARE_BIFF = [Buffer.from([0x09, 0x00, 0x04, 0x00]), Buffer.from([0x09, 0x02, 0x06, 0x00]), Buffer.from([0x09, 0x04, 0x06, 0x00])];
const ODS_MIMETYPE = 'application/vnd.oasis.opendocument.spreadsheet';

export type Container = 'zip' | 'legacy';

/** What the first bytes say: a zip (.xlsx, .xlsb, .ods), a legacy Excel file (.xls), or neither (text). */
export function sniffContainer(file: string): Container | undefined {
  const head = Buffer.alloc(8);
  let length: number;
  const fd = fs.openSync(file, 'r');
  try {
    length = fs.readSync(fd, head, 0, head.length, 0);
  } finally {
    fs.closeSync(fd);
  }
  const starts = (magic: Buffer) => length >= magic.length && head.subarray(0, magic.length).equals(magic);
  if (starts(ZIP)) return 'zip';
  if (starts(CFB) || BARE_BIFF.some(starts)) return 'legacy';
  return undefined;
}

/**
 * The format of an input file, by its content and never its name: a zip is told apart by the parts it
 * holds (only the central directory is read, within the .xlsx reader's entry limits). A name ending in
 * .xlsx that is not a zip goes to the .xlsx reader, which says what is wrong with it.
 */
export async function detectFormat(file: string, displayName: string): Promise<SourceFormat> {
  const container = sniffContainer(file);
  if (container === 'legacy') return 'xls';
  if (container === undefined) return /\.xlsx$/i.test(file) ? 'xlsx' : 'csv';
  const archive = await openZip(file, displayName, defaultXlsxLimits);
  try {
    return await zipFormat(archive);
  } finally {
    await archive.close();
  }
}

/** .xlsb keeps its workbook in xl/workbook.bin; .ods names itself in a `mimetype` part. Anything else is left to the .xlsx reader. */
async function zipFormat(archive: ZipArchive): Promise<SourceFormat> {
  if (archive.find('xl/workbook.xml') !== undefined) return 'xlsx';
  if (archive.find('xl/workbook.bin') !== undefined) return 'xlsb';
  const mimetype = archive.find('mimetype');
  if (mimetype !== undefined && archive.find('content.xml') !== undefined) {
    let text = '';
    for await (const chunk of archive.read(mimetype, { maxBytes: 256, limitName: 'maxPartBytes', label: 'the document type (mimetype)' })) text += chunk.toString('latin1');
    // Templates (.ots) add a suffix to the same type.
    if (text.trim().startsWith(ODS_MIMETYPE)) return 'ods';
  }
  return 'xlsx';
}
