import { useTranslation } from 'react-i18next';
import type { BatchSummaryDto } from '../../../../shared/contract/schemas.ts';
import { useFormat } from '../../format.ts';

/** The share of rows without a user_id, per store: a store whose till skips the member card shows here. */
export function StoreQuality({ stores }: { stores: BatchSummaryDto['stores'] }) {
  const { t } = useTranslation('uploads');
  const { number, percent } = useFormat();
  const entries = Object.entries(stores).sort(([a], [b]) => a.localeCompare(b));
  if (entries.length === 0) return null;
  return (
    <div className="store-quality">
      <table className="table compact">
        <caption>{t('stores.caption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('stores.store')}</th>
            <th scope="col" className="number">{t('stores.rows')}</th>
            <th scope="col" className="number">{t('stores.missing')}</th>
            <th scope="col" className="rate-column">{t('stores.rate')}</th>
          </tr>
        </thead>
        <tbody>
          {entries.map(([store, quality]) => (
            <tr key={store}>
              <th scope="row" className="store-name" title={store}>{store || t('stores.none')}</th>
              <td className="number">{number(quality.rows)}</td>
              <td className="number">{number(quality.missing_user_id)}</td>
              <td className="rate-column">
                <span className="rate">
                  <span className="rate-bar" aria-hidden="true"><span className={quality.rate > 0.05 ? 'rate-fill high' : 'rate-fill'} style={{ width: `${Math.min(100, quality.rate * 100)}%` }} /></span>
                  <span className="rate-text">{percent(quality.rate)}</span>
                </span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
