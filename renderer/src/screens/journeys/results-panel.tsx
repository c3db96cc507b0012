import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { JourneyRecordDto } from '../../../../shared/contract/schemas.ts';
import { api } from '../../api.ts';
import { ErrorMessage } from '../../components/error-message.tsx';
import { useFormat } from '../../format.ts';
import { errorMessage, useLoad } from '../../hooks/use-api.ts';
import { downloadText } from '../uploads/download-text.ts';
import { useDurationText } from './duration-text.ts';
import { useNodeText } from './node-text.ts';
import { ResultsChart } from './results-chart.tsx';
import { useResultsFormat } from './results-format.ts';
import { MessageTable, StoreTable } from './results-tables.tsx';
import { ResultTiles } from './results-tiles.tsx';
import './results.css';

/**
 * Did the journey bring customers back into the store? Conversions and revenue by when they happened,
 * target against control, by entry cohort (recent ones still arriving), store and message; as CSV.
 */
export function ResultsPanel({ record }: { record: JourneyRecordDto }) {
  const { t } = useTranslation('journeys');
  const { dateTime } = useFormat();
  const format = useResultsFormat(t('results.pointsUnit'));
  const text = useNodeText();
  const duration = useDurationText();
  const id = useId();
  const [by, setBy] = useState<'day' | 'week'>('day');
  const [store, setStore] = useState<string>('');
  const [exporting, setExporting] = useState(false);
  const [exportError, setExportError] = useState<string | null>(null);
  const input = { id: record.id, by, ...(store ? { store } : {}) };
  const report = useLoad(() => api.call('journeys.report', input), [record.id, by, store], ['batches', 'journeys', 'outbox']);
  // The store list comes from the whole journey, so choosing one store does not empty the list.
  const all = useLoad(() => api.call('journeys.report', { id: record.id, by: 'week' }), [record.id], ['batches', 'journeys']);
  const stores = Object.keys(all.data?.by_store ?? {});

  if (record.state === 'draft') return <p className="muted">{t('results.draft')}</p>;
  const exportCsv = async () => {
    setExporting(true);
    setExportError(null);
    try {
      const { filename, csv } = await api.call('journeys.reportCsv', input);
      downloadText(filename, csv, 'text/csv;charset=utf-8');
    } catch (failure) {
      setExportError(errorMessage(failure));
    } finally {
      setExporting(false);
    }
  };
  const data = report.data;
  return (
    <div className="results-panel">
      <div className="results-controls">
        <div className="segmented" role="radiogroup" aria-label={t('results.by')}>
          {(['day', 'week'] as const).map((option) => (
            <label key={option} className={by === option ? 'active' : undefined}>
              <input type="radio" name={`${id}-by`} value={option} checked={by === option} onChange={() => setBy(option)} />
              <span>{t(`results.by_${option}`)}</span>
            </label>
          ))}
        </div>
        <label className="inline-label">
          {t('results.store')}
          <select value={store} onChange={(event) => setStore(event.target.value)}>
            <option value="">{t('results.allStores')}</option>
            {stores.map((name) => <option key={name} value={name}>{name === '(none)' ? t('results.noStore') : name}</option>)}
          </select>
        </label>
        <span className="spacer" />
        <button type="button" onClick={() => void exportCsv()} disabled={exporting || !data}>{exporting ? t('results.exporting') : t('results.export')}</button>
      </div>
      <ErrorMessage message={report.error ?? exportError} {...(report.error ? { onRetry: report.reload } : {})} />
      {data && (
        <>
          <p className="results-asof small muted">
            {t('results.asOf', { at: dateTime(data.as_of) })}
            {' · '}
            {data.last_changed_at ? t('results.lastChanged', { at: dateTime(data.last_changed_at) }) : t('results.noData')}
            {data.goal ? ` · ${t(data.goal.value ? 'results.goalValue' : 'results.goal', { event: text.eventName(data.goal.event), window: duration(data.goal.window), value: data.goal.value })}` : ''}
          </p>
          {!data.goal && <p className="notice-warn">{t('results.noGoal')}</p>}
          <ResultTiles report={data} format={format} />
          <ResultsChart report={data} format={format} />
          <StoreTable report={data} format={format} />
          <MessageTable report={data} definition={record.definition} format={format} />
        </>
      )}
      {!data && report.loading && <p className="muted">{t('results.loading')}</p>}
    </div>
  );
}
