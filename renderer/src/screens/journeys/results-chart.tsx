import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { CartesianGrid, Line, LineChart, ReferenceArea, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { JourneyReportDto } from '../../../../shared/contract/results-schemas.ts';
import { useFormat } from '../../format.ts';
import type { ResultsFormat } from './results-format.ts';

const colors = { target: '#1f5fbf', control: '#8a5a00' };
const DAY = 86_400_000;

interface Point {
  label: string;
  start: string;
  provisional: boolean;
  entered: { target: number; control: number };
  converted: { target: number; control: number };
  /** Conversion rates: solid while complete, dashed (a second series) from the last complete cohort on. */
  target: number | null;
  control: number | null;
  targetLate: number | null;
  controlLate: number | null;
}

/** Cohorts added up over stores, one point per entry day (or week), with rates. */
function points(report: JourneyReportDto, label: (start: string) => string): Point[] {
  const byStart = new Map<string, Point>();
  for (const cohort of report.cohorts) {
    let point = byStart.get(cohort.start);
    if (!point) {
      byStart.set(cohort.start, point = {
        label: label(cohort.start), start: cohort.start, provisional: false, entered: { target: 0, control: 0 }, converted: { target: 0, control: 0 },
        target: null, control: null, targetLate: null, controlLate: null,
      });
    }
    point.provisional ||= cohort.provisional;
    point.entered[cohort.group] += cohort.entered;
    point.converted[cohort.group] += cohort.converted;
  }
  const list = [...byStart.values()].sort((a, b) => a.start.localeCompare(b.start));
  const firstLate = list.findIndex((point) => point.provisional);
  list.forEach((point, index) => {
    for (const group of ['target', 'control'] as const) {
      const rate = point.entered[group] > 0 ? point.converted[group] / point.entered[group] : null;
      const late = firstLate >= 0 && index >= firstLate;
      if (!late) point[group] = rate;
      // The dashed part starts at the last complete point so that the line does not break.
      if (late || (firstLate >= 0 && index === firstLate - 1)) point[group === 'target' ? 'targetLate' : 'controlLate'] = rate;
    }
  });
  return list;
}

/**
 * Conversion rate by entry cohort, target against control. Cohorts whose goal window plus the stores'
 * upload lag has not passed are drawn dashed on a shaded band: late uploads will still raise them.
 */
export function ResultsChart({ report, format }: { report: JourneyReportDto; format: ResultsFormat }) {
  const { t } = useTranslation('journeys');
  const { locale, hours } = useFormat();
  const captionId = useId();
  const dayFormat = new Intl.DateTimeFormat(locale, { month: 'short', day: 'numeric', timeZone: 'UTC' });
  const data = points(report, (start) => dayFormat.format(new Date(`${start}T00:00:00Z`)));
  const late = data.filter((point) => point.provisional);
  const withControl = report.control !== undefined;
  // Entries of the last (goal window + upload lag) are still arriving, whichever days had entries.
  const arrivingDays = Math.max(1, Math.ceil((Date.parse(report.as_of) - Date.parse(report.complete_before)) / DAY));
  const arriving = late.length > 0
    ? t('results.arriving', { lag: hours(report.upload_lag.ms), count: arrivingDays })
    : t('results.allComplete', { lag: hours(report.upload_lag.ms) });
  if (data.length === 0) return <p className="muted">{t('results.nobody')}</p>;
  return (
    <figure className="results-chart" aria-labelledby={captionId}>
      <figcaption id={captionId}>{t(report.by === 'week' ? 'results.chartWeeks' : 'results.chartDays')}</figcaption>
      <ul className="chart-legend" aria-hidden="true">
        <li><span className="swatch target" />{t('results.target')}</li>
        {withControl && <li><span className="swatch control" />{t('results.control')}</li>}
        {late.length > 0 && <li><span className="swatch arriving" />{t('results.stillArriving')}</li>}
      </ul>
      <div className="chart" aria-hidden="true">
        <ResponsiveContainer width="100%" height={220}>
          <LineChart data={data} margin={{ top: 8, right: 12, bottom: 0, left: 0 }} accessibilityLayer={false}>
            <CartesianGrid vertical={false} stroke="#e6e9ef" />
            {late.length > 0 && <ReferenceArea x1={late[0]!.label} x2={late[late.length - 1]!.label} fill="#fff4d6" fillOpacity={0.9} ifOverflow="extendDomain" />}
            <XAxis dataKey="label" tickLine={false} tick={{ fontSize: 11 }} minTickGap={12} />
            <YAxis width={48} tickLine={false} axisLine={false} tick={{ fontSize: 11 }} tickFormatter={(value: number) => format.rate(value)} domain={[0, 'auto']} />
            <Tooltip formatter={(value) => (typeof value === 'number' ? format.rate(value) : String(value))} />
            <Line dataKey="target" name={t('results.target')} stroke={colors.target} strokeWidth={2} dot={{ r: 2 }} isAnimationActive={false} connectNulls={false} />
            <Line dataKey="targetLate" name={`${t('results.target')} (${t('results.stillArriving')})`} stroke={colors.target} strokeWidth={2} strokeDasharray="5 4" dot={{ r: 2 }} isAnimationActive={false} />
            {withControl && <Line dataKey="control" name={t('results.control')} stroke={colors.control} strokeWidth={2} dot={{ r: 2 }} isAnimationActive={false} />}
            {withControl && <Line dataKey="controlLate" name={`${t('results.control')} (${t('results.stillArriving')})`} stroke={colors.control} strokeWidth={2} strokeDasharray="5 4" dot={{ r: 2 }} isAnimationActive={false} />}
          </LineChart>
        </ResponsiveContainer>
      </div>
      <p className="results-arriving small">{arriving}</p>
      <details className="cohort-table">
        <summary>{t('results.cohortTable')}</summary>
        <table className="table compact">
          <thead>
            <tr>
              <th scope="col">{t(report.by === 'week' ? 'results.week' : 'results.day')}</th>
              <th scope="col" className="number">{t('results.targetEntered')}</th>
              <th scope="col" className="number">{t('results.targetRate')}</th>
              {withControl && <th scope="col" className="number">{t('results.controlEntered')}</th>}
              {withControl && <th scope="col" className="number">{t('results.controlRate')}</th>}
              <th scope="col">{t('results.status')}</th>
            </tr>
          </thead>
          <tbody>
            {data.map((point) => (
              <tr key={point.start} className={point.provisional ? 'provisional' : undefined}>
                <th scope="row">{point.start}</th>
                <td className="number">{format.number(point.entered.target)}</td>
                <td className="number">{format.rate(point.entered.target > 0 ? point.converted.target / point.entered.target : null)}</td>
                {withControl && <td className="number">{format.number(point.entered.control)}</td>}
                {withControl && <td className="number">{format.rate(point.entered.control > 0 ? point.converted.control / point.entered.control : null)}</td>}
                <td>{point.provisional ? t('results.provisional') : t('results.complete')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
