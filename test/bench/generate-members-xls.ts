import fs from 'node:fs';
import * as XLSX from 'xlsx';

/** The rows an Excel 97–2003 sheet can hold (BIFF8 numbers them in 16 bits), header included. */
export const XLS_MAX_ROWS = 65_536;

/**
 * The members sheet of the .xlsx benchmark as an .xls written by SheetJS: the same columns, real date
 * cells. Texts are written in place rather than through a shared-string table: SheetJS's table writer
 * takes time growing with the square of the distinct texts (20,000 rows: 34 s; 40,000: 138 s).
 */
export function writeMembersXls(file: string, count: number): void {
  if (count >= XLS_MAX_ROWS) throw new Error(`an .xls sheet holds at most ${XLS_MAX_ROWS - 1} rows below its header`);
  const tiers = ['VIP', 'Gold', 'Regular', 'Regular'];
  const rows: unknown[][] = [['会員番号', '氏名', 'メールアドレス', '携帯電話', '会員ランク', '入会日', 'メール配信', 'SMS配信', '所属店舗']];
  // 2020-01-01 as a 1900-system serial, one day further every row (over about five years).
  const firstDay = 43_831;
  for (let index = 0; index < count; index++) {
    rows.push([`M${100000 + index}`, `会員 ${index}`, `member${index}@example.jp`, `090${String(10000000 + index).padStart(8, '0')}`,
      tiers[index % tiers.length], firstDay + (index % 2000), index % 3 === 0 ? '×' : '○', index % 2 === 0 ? '○' : '×', `S0${1 + (index % 3)}`]);
  }
  const sheet = XLSX.utils.aoa_to_sheet(rows, { dense: true });
  const data = (sheet as XLSX.DenseWorkSheet)['!data'];
  for (let row = 1; row < data.length; row++) data[row]![5]!.z = 'yyyy/mm/dd';
  const workbook = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(workbook, sheet, 'Members');
  fs.writeFileSync(file, XLSX.write(workbook, { type: 'buffer', bookType: 'xls', bookSST: false }) as Buffer);
}
