import { useTranslation } from 'react-i18next';
import type { ComparisonDto, JourneyReportDto } from '../../../../shared/contract/results-schemas.ts';
import type { JourneyDefinition } from '../../../../shared/journey/definition.ts';
import { useNodeText } from './node-text.ts';
import type { ResultsFormat } from './results-format.ts';

function liftText(comparison: ComparisonDto, format: ResultsFormat, notEnough: string): string {
  if (!comparison.lift) return '—';
  return comparison.lift.enough_data ? format.points(comparison.lift.rate) : notEnough;
}

/** Per store: target and control side by side, and the lift where there is enough data for one. */
export function StoreTable({ report, format }: { report: JourneyReportDto; format: ResultsFormat }) {
  const { t } = useTranslation('journeys');
  const withControl = report.control !== undefined;
  const withValue = report.goal?.value != null;
  const storeName = (store: string) => (store === '(none)' ? t('results.noStore') : store);
  return (
    <div className="results-table-wrap">
      <table className="table compact results-table">
        <caption>{t('results.byStore')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('results.store')}</th>
            <th scope="col" className="number">{t('results.targetEntered')}</th>
            <th scope="col" className="number">{t('results.targetRate')}</th>
            {withValue && <th scope="col" className="number">{t('results.targetRevenue')}</th>}
            {withControl && <th scope="col" className="number">{t('results.controlEntered')}</th>}
            {withControl && <th scope="col" className="number">{t('results.controlRate')}</th>}
            {withControl && withValue && <th scope="col" className="number">{t('results.controlRevenue')}</th>}
            {withControl && <th scope="col" className="number">{t('results.lift')}</th>}
          </tr>
        </thead>
        <tbody>
          {Object.entries(report.by_store).map(([store, comparison]) => (
            <tr key={store}>
              <th scope="row">{storeName(store)}</th>
              <td className="number">{format.number(comparison.target.entered)}</td>
              <td className="number">{format.rate(comparison.target.rate)}</td>
              {withValue && <td className="number">{format.money(comparison.target.revenue_per_entrant)}</td>}
              {withControl && <td className="number">{format.number(comparison.control?.entered ?? 0)}</td>}
              {withControl && <td className="number">{format.rate(comparison.control?.rate ?? null)}</td>}
              {withControl && withValue && <td className="number">{format.money(comparison.control?.revenue_per_entrant ?? null)}</td>}
              {withControl && <td className="number">{liftText(comparison, format, t('results.notEnough'))}</td>}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Per message: how many went out, and the conversions (and revenue) it was the last touch before. */
export function MessageTable({ report, definition, format }: { report: JourneyReportDto; definition: JourneyDefinition; format: ResultsFormat }) {
  const { t } = useTranslation('journeys');
  const text = useNodeText();
  const withControl = report.control !== undefined;
  const withValue = report.goal?.value != null;
  const label = (id: string) => {
    const node = definition.nodes.find((item) => item.id === id);
    return node ? text.label(node) : id;
  };
  const rows = Object.entries(report.by_message);
  if (rows.length === 0) return null;
  return (
    <div className="results-table-wrap">
      <table className="table compact results-table">
        <caption>{t('results.byMessage')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('results.message')}</th>
            <th scope="col" className="number">{t('results.sent')}</th>
            <th scope="col" className="number">{t('results.convertedAfter')}</th>
            {withValue && <th scope="col" className="number">{t('results.revenueAfter')}</th>}
            {withControl && <th scope="col" className="number">{t('results.wouldHaveSent')}</th>}
            {withControl && <th scope="col" className="number">{t('results.controlConvertedAfter')}</th>}
          </tr>
        </thead>
        <tbody>
          {rows.map(([node, result]) => (
            <tr key={node}>
              <th scope="row">{label(node)}</th>
              <td className="number">{format.number(result.sent)}</td>
              <td className="number">{format.number(result.converted_after)}</td>
              {withValue && <td className="number">{format.money(result.revenue_after)}</td>}
              {withControl && <td className="number">{format.number(result.control?.would_have_sent ?? 0)}</td>}
              {withControl && <td className="number">{format.number(result.control?.converted_after ?? 0)}</td>}
            </tr>
          ))}
        </tbody>
      </table>
      <p className="muted small">{t('results.lastTouch')}</p>
    </div>
  );
}
