import ExcelJS from 'exceljs';

// Baseline: ExcelJS's streaming WorkbookReader reading the same workbook, counting rows.
let rows = 0;
const reader = new ExcelJS.stream.xlsx.WorkbookReader(process.argv[2]!, { sharedStrings: 'cache', styles: 'cache', worksheets: 'emit' });
for await (const sheet of reader) {
  for await (const _row of sheet) rows += 1;
  break;
}
process.stdout.write(`${rows}\n`);
