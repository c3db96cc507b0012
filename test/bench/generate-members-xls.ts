import fs from 'node:fs';
import * as XLSX from 'xlsx';

/** The rows an Excel 97–2003 sheet can hold (BIFF8 numbers them in 16 bits), header included. */
export const XLS_MAX_ROWS = 65_536;

const HEADER = ['会員番号', '氏名', 'メールアドレス', '携帯電話', '会員ランク', '入会日', 'メール配信', 'SMS配信', '所属店舗'];
const DATE_COLUMN = 5;
const TIERS = ['VIP', 'Gold', 'Regular', 'Regular'];
// 2020-01-01 as a 1900-system serial, one day further every row (over about five years).
const FIRST_DAY = 43_831;

function member(index: number): Array<string | number> {
  return [`M${100000 + index}`, `会員 ${index}`, `member${index}@example.jp`, `090${String(10000000 + index).padStart(8, '0')}`,
    TIERS[index % TIERS.length]!, FIRST_DAY + (index % 2000), index % 3 === 0 ? '×' : '○', index % 2 === 0 ? '○' : '×', `S0${1 + (index % 3)}`];
}

const CELL_RECORDS = new Set([0x0201, 0x0203, 0x0204, 0x027e, 0x00fd, 0x0205, 0x0006, 0x00bd, 0x00be, 0x0208]);
const record = (type: number, payload: Buffer): Buffer => {
  const head = Buffer.alloc(4);
  head.writeUInt16LE(type, 0);
  head.writeUInt16LE(payload.length, 2);
  return Buffer.concat([head, payload]);
};

/**
 * The members sheet of the .xlsx benchmark as an .xls (BIFF8): the same columns, real date cells.
 * SheetJS's BIFF8 writer holds about 150 KB per row (10,000 rows took 1.6 GB), so it writes a one-row
 * workbook, and the sheet's cell records are then written here, in its styles, for every member.
 */
export function writeMembersXls(file: string, count: number): void {
  if (count >= XLS_MAX_ROWS) throw new Error(`an .xls sheet holds at most ${XLS_MAX_ROWS - 1} rows below its header`);
  const sheet = XLSX.utils.aoa_to_sheet([HEADER, member(0)]);
  sheet[XLSX.utils.encode_cell({ r: 1, c: DATE_COLUMN })]!.z = 'yyyy/mm/dd';
  const workbook = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(workbook, sheet, 'Members');
  const small = XLSX.CFB.read(XLSX.write(workbook, { type: 'buffer', bookType: 'xls', bookSST: false }) as Buffer, { type: 'buffer' });
  const stream = Buffer.from(XLSX.CFB.find(small, 'Workbook')!.content as Uint8Array);

  // Records: the globals up to the sheet's BOF (their offsets stay as they are), the sheet's records before
  // and after its cells, and each column's style (XF index) from the one member row.
  const records: Array<{ type: number; at: number; end: number }> = [];
  for (let at = 0; at + 4 <= stream.length;) {
    const end = at + 4 + stream.readUInt16LE(at + 2);
    records.push({ type: stream.readUInt16LE(at), at, end });
    at = end;
  }
  const sheetStart = records.filter((r) => r.type === 0x0809)[1]!;
  const cells = records.filter((r) => r.at > sheetStart.at && CELL_RECORDS.has(r.type));
  const xf = new Map<number, number>();
  for (const cell of cells) if (stream.readUInt16LE(cell.at + 4) === 1) xf.set(stream.readUInt16LE(cell.at + 6), stream.readUInt16LE(cell.at + 8));
  const before = stream.subarray(0, cells[0]!.at);
  const after = stream.subarray(cells.at(-1)!.end);
  const dimensions = records.find((r) => r.type === 0x0200 && r.at > sheetStart.at)!;
  before.writeUInt32LE(count + 1, dimensions.at + 8);

  const parts: Buffer[] = [before];
  const cell = (row: number, column: number, value: string | number): Buffer => {
    const head = Buffer.alloc(6);
    head.writeUInt16LE(row, 0);
    head.writeUInt16LE(column, 2);
    head.writeUInt16LE(row === 0 ? 0 : (xf.get(column) ?? 0), 4);
    if (typeof value === 'number') {
      const number = Buffer.alloc(8);
      number.writeDoubleLE(value);
      return record(0x0203, Buffer.concat([head, number]));
    }
    // LABEL with an XLUnicodeString: character count, then UTF-16 (flag 1).
    const text = Buffer.from(value, 'utf16le');
    const length = Buffer.from([value.length & 0xff, value.length >> 8, 1]);
    return record(0x0204, Buffer.concat([head, length, text]));
  };
  HEADER.forEach((name, column) => parts.push(cell(0, column, name)));
  for (let index = 0; index < count; index++) member(index).forEach((value, column) => parts.push(cell(index + 1, column, value)));
  parts.push(after);

  const cfb = XLSX.CFB.utils.cfb_new();
  XLSX.CFB.utils.cfb_add(cfb, 'Workbook', Buffer.concat(parts));
  fs.writeFileSync(file, XLSX.CFB.write(cfb, { type: 'buffer' }) as Buffer);
}
