import { useTranslation } from 'react-i18next';
import type { PreviewResultDto } from '../../../../shared/contract/schemas.ts';
import type { JourneyDefinition } from '../../../../shared/journey/definition.ts';
import { useNodeText } from './node-text.ts';
import { useNumber } from './use-number.ts';

type Metric = 'users' | 'entered' | 'goals' | 'exited' | 'completed' | 'messages';
const metrics: readonly Metric[] = ['entered', 'goals', 'exited', 'completed', 'messages'];

function value(result: PreviewResultDto, metric: Metric): number {
  return metric === 'messages' ? result.messages.length : result[metric];
}

/** The headline numbers of a preview. */
export function PreviewSummary({ result }: { result: PreviewResultDto }) {
  const { t } = useTranslation('journeys');
  const number = useNumber();
  return (
    <ul className="stat-row" aria-label={t('preview.summary')}>
      {(['users', ...metrics] as const).map((metric) => (
        <li key={metric} className="stat">
          <span className="stat-value">{number(value(result, metric))}</span>
          <span className="stat-label">{t(`preview.metric.${metric}`)}</span>
        </li>
      ))}
      {result.control.entered > 0 && (
        <>
          <li className="stat control">
            <span className="stat-value">{number(result.control.entered)}</span>
            <span className="stat-label">{t('preview.metric.heldBack')}</span>
          </li>
          <li className="stat control">
            <span className="stat-value">{number(result.control.would_have_sent)}</span>
            <span className="stat-label">{t('preview.metric.wouldHaveSent')}</span>
          </li>
        </>
      )}
    </ul>
  );
}

/** The same journey with and without upload grace, side by side: what late uploads cost without it. */
export function GraceComparison({ withGrace, withoutGrace, definition }: { withGrace: PreviewResultDto; withoutGrace: PreviewResultDto; definition: JourneyDefinition }) {
  const { t } = useTranslation('journeys');
  const number = useNumber();
  const text = useNodeText();
  const rows: Array<{ key: string; label: string; a: number; b: number }> = [
    ...metrics.map((metric) => ({ key: metric, label: t(`preview.metric.${metric}`), a: value(withGrace, metric), b: value(withoutGrace, metric) })),
    ...definition.nodes.map((node) => ({ key: `node-${node.id}`, label: text.label(node), a: withGrace.nodes[node.id]?.reached ?? 0, b: withoutGrace.nodes[node.id]?.reached ?? 0 })),
  ];
  const signed = (difference: number) => (difference === 0 ? '—' : `${difference > 0 ? '+' : '−'}${number(Math.abs(difference))}`);
  return (
    <table className="table comparison">
      <caption>{t('compare.title')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('compare.what')}</th>
          <th scope="col" className="number">{t('compare.withGrace')}</th>
          <th scope="col" className="number">{t('compare.withoutGrace')}</th>
          <th scope="col" className="number">{t('compare.difference')}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row, index) => (
          <tr key={row.key} className={[row.a !== row.b ? 'changed' : '', index === metrics.length ? 'group-start' : ''].filter(Boolean).join(' ') || undefined}>
            <th scope="row">{row.key.startsWith('node-') ? t('compare.reached', { node: row.label }) : row.label}</th>
            <td className="number">{number(row.a)}</td>
            <td className="number">{number(row.b)}</td>
            <td className="number">{signed(row.b - row.a)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
