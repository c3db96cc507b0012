/**
 * The one module that imports SheetJS (`xlsx`, here the registry's `@e965/xlsx` republication of
 * 0.20.3: see README, "Spreadsheet formats"). Everything SheetJS returns is turned into plain values
 * here, so the rest of the reader does not depend on its object model.
 */
import * as XLSX from 'xlsx';
import * as cpexcel from 'xlsx/dist/cpexcel.full.mjs';

// Excel 5/95 and older keep text in the machine's code page (Shift_JIS is 932, Big5 950): without the
// tables SheetJS reads those bytes as Latin-1.
XLSX.set_cptable(cpexcel);

/** One cell as SheetJS read it: its type, its value, and its number format when it has one. */
export interface SheetjsCell {
  /** b boolean, n number, e error, s text, d date, z blank. */
  t?: unknown;
  v?: unknown;
  z?: unknown;
}

export interface SheetjsWorkbook {
  sheetNames: string[];
  date1904: boolean;
  /**
   * The rows of the sheet that was read, by 0-based row index, each row by 0-based column; rows and cells
   * not in the file are holes. Rows are taken out one by one (setting them undefined) as they are used,
   * so that what has been handed on can be collected.
   */
  rows: Array<Array<SheetjsCell | undefined> | undefined> | undefined;
  /** The sheet that was read. */
  sheet: string | undefined;
}

/**
 * Parses a whole workbook held in memory and keeps one sheet: `sheet` by name or index. Values only:
 * no formulas, styles, rich text, formatted text or parsed dates, which cost memory and nobody reads.
 */
export function parseWorkbook(data: Buffer, sheet: string | number): SheetjsWorkbook {
  const workbook = quietly(() => XLSX.read(data, {
    type: 'buffer',
    dense: true,
    sheets: sheet,
    cellNF: true,
    cellText: false,
    cellDates: false,
    cellFormula: false,
    cellHTML: false,
    cellStyles: false,
    sheetStubs: false,
    bookVBA: false,
    bookDeps: false,
    bookFiles: false,
  }));
  const sheetNames = [...workbook.SheetNames];
  const name = typeof sheet === 'number' ? sheetNames[sheet] : sheetNames.find((candidate) => candidate === sheet);
  // SheetJS builds Sheets as a plain object keyed by file-controlled names: look the sheet up as an own property only.
  const worksheet = name !== undefined && Object.hasOwn(workbook.Sheets, name) ? workbook.Sheets[name] : undefined;
  return {
    sheetNames,
    date1904: workbook.Workbook?.WBProps?.date1904 === true,
    rows: worksheet === undefined ? undefined : denseRows(worksheet),
    sheet: worksheet === undefined ? undefined : name,
  };
}

function denseRows(worksheet: XLSX.WorkSheet): SheetjsWorkbook['rows'] {
  const data = (worksheet as XLSX.DenseWorkSheet)['!data'];
  return Array.isArray(data) ? (data as unknown as SheetjsWorkbook['rows']) : [];
}

const CONSOLE_METHODS = ['log', 'info', 'warn', 'error', 'debug'] as const;

/**
 * SheetJS reports oddities it meets on the console, quoting the file ("unrecognized character … in
 * ODF format …"): that would put file contents in the command line's output and the app's log. The parse
 * is synchronous, so nothing else writes meanwhile.
 */
function quietly<T>(parse: () => T): T {
  const saved = CONSOLE_METHODS.map((method) => console[method]);
  for (const method of CONSOLE_METHODS) console[method] = () => {};
  try {
    return parse();
  } finally {
    CONSOLE_METHODS.forEach((method, index) => {
      console[method] = saved[index]!;
    });
  }
}
