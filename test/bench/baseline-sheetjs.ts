import fs from 'node:fs';
import { parseWorkbook } from '../../electron/core/import/sheetjs/sheetjs.ts';

// Baseline: SheetJS reading the same workbook alone, with the options the import uses, counting rows.
const workbook = parseWorkbook(fs.readFileSync(process.argv[2]!), 0);
let rows = 0;
for (const row of workbook.rows ?? []) if (row) rows += 1;
process.stdout.write(`${rows}\n`);
