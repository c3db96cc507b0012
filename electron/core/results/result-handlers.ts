import type { Handlers } from '../host/core-handlers.ts';
import type { Clock } from '../clock.ts';
import type { Db } from '../store/open-store.ts';
import { journeyReport } from './journey-report.ts';
import { journeyRuns } from './journey-runs.ts';
import { reportCsv, reportCsvFilename } from './report-csv.ts';

/** The results methods of the contract (journeys.report, journeys.reportCsv, journeys.runs). */
export function resultHandlers(db: Db, clock: Clock): Pick<Handlers, 'journeys.report' | 'journeys.reportCsv' | 'journeys.runs'> {
  const report = (input: { id: number; by: 'day' | 'week'; store?: string | undefined }) =>
    journeyReport(db, clock, input.id, { by: input.by, ...(input.store !== undefined ? { store: input.store } : {}) });
  return {
    'journeys.report': report,
    'journeys.reportCsv': (input) => {
      const result = report(input);
      return { filename: reportCsvFilename(result), csv: reportCsv(result), rows: result.cohorts.length };
    },
    'journeys.runs': (input) => {
      const { journey_id, runs } = journeyRuns(db, input.id, { ...(input.group ? { group: input.group } : {}), ...(input.userId ? { userId: input.userId } : {}) });
      return { journey_id, total: runs.length, runs: runs.slice(input.offset, input.offset + input.limit) };
    },
  };
}
