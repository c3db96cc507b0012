import Papa from 'papaparse';
import { escapeFormula } from '../batches/rejected-rows.ts';
import type { JourneyReport } from './journey-report.ts';

const columns = ['cohort_start', 'group', 'store', 'entered', 'converted', 'rate', 'revenue', 'revenue_per_entrant', 'provisional'] as const;

/**
 * The report as CSV, one row per entry cohort × group × store (PRODUCT.md §8), with a BOM so Excel
 * reads store names in Japanese and Chinese. Text cells that a spreadsheet would run as formulas are
 * escaped; numbers (a negative revenue after refunds) stay numbers.
 */
export function reportCsv(report: JourneyReport): string {
  const rows = report.cohorts.map((cohort) => [
    cohort.start, cohort.group, escapeFormula(cohort.store), cohort.entered, cohort.converted,
    cohort.entered === 0 ? '' : cohort.converted / cohort.entered,
    cohort.revenue ?? '',
    cohort.revenue === null || cohort.entered === 0 ? '' : Math.round((cohort.revenue / cohort.entered) * 100) / 100,
    cohort.provisional,
  ]);
  return `\ufeff${Papa.unparse([[...columns], ...rows], { newline: '\r\n' })}\r\n`;
}

export function reportCsvFilename(report: JourneyReport): string {
  return `journey-${report.journey_id}-results-by-${report.by}${report.store === null ? '' : `-${report.store.replace(/[^\p{L}\p{N}_-]+/gu, '_')}`}.csv`;
}
