import Papa from 'papaparse';
import { issueDescriptions, type IssueCode, type RowIssue } from '../../../shared/model/issue-codes.ts';
import { writePrivateFile } from '../privacy/private-files.ts';
import { getBatch } from '../store/batch-repo.ts';
import type { Db } from '../store/open-store.ts';

export interface RejectedRow {
  row: number;
  outcome: 'rejected' | 'duplicate' | 'accepted';
  codes: IssueCode[];
  issues: RowIssue[];
  /** One line per issue: what is wrong, where. */
  reasons: string[];
  /** The original cells, in the file's column order. */
  cells: string[];
  /** The original values by header (an own property per header, whatever the header says). */
  values: Record<string, string>;
}

export function describeIssue(issue: RowIssue): string {
  const where = issue.column === undefined ? '' : ` in "${issue.column}"`;
  const value = issue.value === undefined ? '' : ` ("${issue.value}")`;
  const detail = issue.detail === undefined ? '' : ` — ${issue.detail}`;
  return `${issue.code}${where}${value}: ${issueDescriptions[issue.code]}${detail}`;
}

export function listRejectedRows(db: Db, batchId: number, options: { outcomes?: ReadonlyArray<RejectedRow['outcome']>; code?: IssueCode; limit?: number; offset?: number } = {})
  : { batch_id: number; file: string; headers: string[]; total: number; rows: RejectedRow[] } {
  const batch = getBatch(db, batchId);
  const headers = JSON.parse(batch.headers) as string[];
  const outcomes = options.outcomes ?? ['rejected'];
  const placeholders = outcomes.map(() => '?').join(', ');
  const codeFilter = options.code === undefined ? '' : "AND EXISTS (SELECT 1 FROM json_each(issues) WHERE json_extract(value, '$.code') = ?)";
  const params: unknown[] = [batchId, ...outcomes, ...(options.code === undefined ? [] : [options.code])];
  const total = db.prepare(`SELECT count(*) FROM batch_rows WHERE batch_id = ? AND outcome IN (${placeholders}) ${codeFilter}`).pluck().get(...params) as number;
  const rows = db.prepare(`SELECT row_no, outcome, issues, raw FROM batch_rows WHERE batch_id = ? AND outcome IN (${placeholders}) ${codeFilter}
      ORDER BY row_no LIMIT ? OFFSET ?`).all(...params, options.limit ?? -1, options.offset ?? 0) as
    Array<{ row_no: number; outcome: RejectedRow['outcome']; issues: string; raw: string }>;
  return {
    batch_id: batchId,
    file: batch.file,
    headers,
    total,
    rows: rows.map((row) => {
      const issues = JSON.parse(row.issues) as RowIssue[];
      const cells = JSON.parse(row.raw) as string[];
      return {
        row: row.row_no,
        outcome: row.outcome,
        codes: [...new Set(issues.map((issue) => issue.code))],
        issues,
        reasons: issues.map(describeIssue),
        cells,
        values: Object.fromEntries(headers.map((header, index) => [header, cells[index] ?? ''])),
      };
    }),
  };
}

// A spreadsheet runs a cell that starts with one of these as a formula: prefix it so it stays text.
// Excel and LibreOffice skip leading blanks and line breaks (NBSP and the ideographic space too) before
// `=`, read the full-width ＝＋－＠ as their ASCII forms, and a leading NUL or other control character
// can hide what follows: any of these at the start is prefixed as well.
const formulaStart = /^(?:[\s\u00a0\u3000\ufeff]*[=+\-@\uff1d\uff0b\uff0d\uff20]|[\u0000-\u001f\u007f])/;

export function escapeFormula(cell: string): string {
  return formulaStart.test(cell) ? `'${cell}` : cell;
}

/** The rejected rows as CSV text (with a BOM, so Excel opens Japanese and Chinese text right). */
export function rejectedCsv(db: Db, batchId: number): { csv: string; rows: number } {
  const { headers, rows } = listRejectedRows(db, batchId);
  const table = [
    ['row', 'issues', 'reasons', ...headers],
    ...rows.map((row) => [String(row.row), row.codes.join(' '), row.reasons.join('; '), ...headers.map((_, index) => row.cells[index] ?? '')]),
  ].map((cells) => cells.map(escapeFormula));
  return { csv: `\ufeff${Papa.unparse(table, { newline: '\r\n' })}\r\n`, rows: rows.length };
}

/** Writes the rejected rows to a file readable by this OS user only, never through a symlink (they are personal data). */
export function exportRejectedCsv(db: Db, batchId: number, file: string): number {
  const { csv, rows } = rejectedCsv(db, batchId);
  writePrivateFile(file, csv);
  return rows;
}
