import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { Bar, BarChart, CartesianGrid, LabelList, ResponsiveContainer, XAxis, YAxis } from 'recharts';
import { api } from '../../api.ts';
import { ErrorMessage } from '../../components/error-message.tsx';
import { useFormat } from '../../format.ts';
import { useLoad } from '../../hooks/use-api.ts';
import { niceTicks } from './nice-ticks.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const colors = { lag: '#6b3fa0', missing: '#b3261e' };

function StoreBars({ data, dataKey, color, format, fallbackMax }: {
  data: Array<Record<string, string | number | null>>;
  dataKey: string;
  color: string;
  format(value: number): string;
  fallbackMax: number;
}) {
  const ticks = niceTicks(Math.max(0, ...data.map((row) => (typeof row[dataKey] === 'number' ? row[dataKey] : 0))), fallbackMax);
  return (
    <div className="chart" aria-hidden="true">
      <ResponsiveContainer width="100%" height={150}>
        <BarChart data={data} margin={{ top: 18, right: 8, bottom: 0, left: 0 }} accessibilityLayer={false}>
          <CartesianGrid vertical={false} stroke="#e6e9ef" />
          <XAxis dataKey="store" tickLine={false} interval={0} tick={{ fontSize: 12 }} />
          <YAxis width={44} tickLine={false} axisLine={false} tick={{ fontSize: 11 }} ticks={ticks} domain={[0, ticks[ticks.length - 1] ?? fallbackMax]} tickFormatter={(value: number) => format(value)} />
          <Bar dataKey={dataKey} fill={color} radius={[3, 3, 0, 0]} isAnimationActive={false} maxBarSize={48}>
            <LabelList dataKey={dataKey} position="top" fontSize={11} formatter={(value: unknown) => (typeof value === 'number' ? format(value) : '')} />
          </Bar>
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}

/**
 * Per store, how late its data arrives (p95 upload lag) and how often its rows lack a user_id.
 * The charts are pictures of the table below it, which screen readers read instead.
 */
export function QualityCharts() {
  const { t } = useTranslation('timeline');
  const { number, percent, hours, locale } = useFormat();
  const stats = useLoad(() => api.call('quality.stats', {}), [], ['batches']);
  const lagId = useId();
  const missingId = useId();
  const tableId = useId();
  const stores = stats.data?.stores ?? [];
  // Days when the lag runs to days (a weekly upload), hours otherwise: one unit per chart.
  const longest = Math.max(0, ...stores.map((store) => store.lag_p95_ms ?? 0));
  const unit = longest >= 48 * HOUR ? DAY : HOUR;
  const data = stores.map((store) => ({
    store: store.store,
    lag: store.lag_p95_ms === null ? null : Math.round((store.lag_p95_ms / unit) * 10) / 10,
    missing: store.rate,
  }));
  const lagFormat = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 });

  return (
    <section className="panel quality" aria-labelledby="quality-title">
      <h3 id="quality-title">{t('quality.title')}</h3>
      <ErrorMessage message={stats.error} onRetry={stats.reload} />
      {stats.data && stores.length === 0 && <p className="muted">{t('quality.none')}</p>}
      {stores.length > 0 && (
        <>
          <div className="charts">
            <figure aria-labelledby={lagId} aria-describedby={tableId}>
              <figcaption id={lagId}>{unit === DAY ? t('quality.lagCaptionDays') : t('quality.lagCaptionHours')}</figcaption>
              <StoreBars data={data} dataKey="lag" color={colors.lag} format={(value) => lagFormat.format(value)} fallbackMax={1} />
            </figure>
            <figure aria-labelledby={missingId} aria-describedby={tableId}>
              <figcaption id={missingId}>{t('quality.missingCaption')}</figcaption>
              <StoreBars data={data} dataKey="missing" color={colors.missing} format={(value) => percent(value)} fallbackMax={0.1} />
            </figure>
          </div>
          <div className="quality-table-wrap">
            <table className="table compact quality-table" id={tableId}>
              <caption className="quality-table-caption">{t('quality.tableCaption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('quality.store')}</th>
                  <th scope="col" className="number">{t('quality.rows')}</th>
                  <th scope="col" className="number">{t('quality.missing')}</th>
                  <th scope="col" className="number">{t('quality.rate')}</th>
                  <th scope="col" className="number">{t('quality.lagP95')}</th>
                  <th scope="col" className="number">{t('quality.lagMedian')}</th>
                </tr>
              </thead>
              <tbody>
                {stores.map((store) => (
                  <tr key={store.store}>
                    <th scope="row" className="quality-store" title={store.store}>{store.store}</th>
                    <td className="number">{number(store.rows)}</td>
                    <td className="number">{number(store.missing_user_id)}</td>
                    <td className="number">{percent(store.rate)}</td>
                    <td className="number">{hours(store.lag_p95_ms)}</td>
                    <td className="number">{hours(store.lag_median_ms)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}
