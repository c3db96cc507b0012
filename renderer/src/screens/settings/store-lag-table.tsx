import { useTranslation } from 'react-i18next';
import type { MethodOutput } from '../../../../shared/contract/methods.ts';
import { useFormat } from '../../format.ts';
import { useDurationText } from '../journeys/duration-text.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

type StoreStats = MethodOutput<'quality.stats'>['stores'][number];

/** How late each store's data arrives (95% within, and typically): the lag the journey check designs for. */
export function StoreLagTable({ stores }: { stores: readonly StoreStats[] }) {
  const { t } = useTranslation('settings');
  const format = useFormat();
  const duration = useDurationText();
  // Hours read well up to two days; beyond that, whole days (661 hours means little to a clerk).
  const lag = (ms: number | null) => (ms === null ? '—' : ms >= 2 * DAY ? duration(Math.round(ms / DAY) * DAY) : duration(Math.ceil(ms / HOUR) * HOUR));
  const measured = stores.filter((store) => store.store !== '(none)');
  if (measured.length === 0) return <p className="muted">{t('automation.noLag')}</p>;
  return (
    <table className="table lag-table">
      <caption className="visually-hidden">{t('automation.lagTitle')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('stores.id')}</th>
          <th scope="col" className="number">{t('automation.lagP95')}</th>
          <th scope="col" className="number">{t('automation.lagMedian')}</th>
          <th scope="col" className="number">{t('automation.events')}</th>
        </tr>
      </thead>
      <tbody>
        {measured.map((store) => (
          <tr key={store.store}>
            <th scope="row">{store.store}</th>
            <td className="number">{lag(store.lag_p95_ms)}</td>
            <td className="number">{lag(store.lag_median_ms)}</td>
            <td className="number">{format.number(store.events)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
