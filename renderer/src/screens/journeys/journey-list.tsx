import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { JourneyRecordDto } from '../../../../shared/contract/schemas.ts';
import { api } from '../../api.ts';
import { ErrorMessage } from '../../components/error-message.tsx';
import { useFormat } from '../../format.ts';
import { errorMessage, useLoad } from '../../hooks/use-api.ts';
import { useApp } from '../../state/app-store.ts';
import { localizeTemplate } from './localize-template.ts';
import { useNumber } from './use-number.ts';

function total(values: Record<string, number>): number {
  return Object.values(values).reduce((sum, value) => sum + value, 0);
}

/** Every journey with its state and counts, and the built-in template one click away. */
export function JourneyList() {
  const { t } = useTranslation(['journeys', 'common']);
  const go = useApp((state) => state.go);
  const language = useApp((state) => state.language);
  const format = useFormat();
  const number = useNumber();
  const journeys = useLoad(() => api.call('journeys.list', {}), [], ['journeys', 'outbox']);
  const templates = useLoad(() => api.call('journeys.templates', {}), []);
  const [creating, setCreating] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const create = async (template: string) => {
    setCreating(template);
    setError(null);
    try {
      let record: JourneyRecordDto = await api.call('journeys.createFromTemplate', { template });
      if (language !== 'en') record = await api.call('journeys.update', { id: record.id, definition: localizeTemplate(template, record.definition, t) });
      go('journeys', { journeyId: record.id });
    } catch (failure) {
      setError(errorMessage(failure));
    } finally {
      setCreating(null);
    }
  };

  const list = journeys.data?.journeys ?? [];
  return (
    <section aria-labelledby="screen-title">
      <h2 id="screen-title">{t('title')}</h2>
      <div className="template-row">
        {(templates.data?.templates ?? []).map((template) => (
          <article key={template.id} className="panel template-card" aria-labelledby={`template-${template.id}`}>
            <div>
              <p className="muted small">{t('list.template')}</p>
              <h3 id={`template-${template.id}`}>{t(`templates.${template.id}.name`, { defaultValue: template.name })}</h3>
              <p className="muted">{t(`templates.${template.id}.description`, { defaultValue: template.description })}</p>
            </div>
            <button type="button" className="primary" disabled={creating !== null} onClick={() => void create(template.id)}>
              {creating === template.id ? t('list.creating') : t('list.useTemplate')}
            </button>
          </article>
        ))}
      </div>
      <ErrorMessage message={error ?? journeys.error} onRetry={journeys.error ? journeys.reload : undefined} />
      {journeys.loading && !journeys.data && <p className="muted">{t('common:status.loading')}</p>}
      {journeys.data && list.length === 0 && <p className="muted">{t('list.empty')}</p>}
      {list.length > 0 && (
        <table className="table journey-table">
          <caption className="visually-hidden">{t('list.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('list.name')}</th>
              <th scope="col">{t('list.state')}</th>
              <th scope="col" className="number">{t('stats.entered')}</th>
              <th scope="col" className="number">{t('stats.inJourney')}</th>
              <th scope="col" className="number">{t('stats.goals')}</th>
              <th scope="col" className="number">{t('stats.sent')}</th>
              <th scope="col">{t('list.updated')}</th>
            </tr>
          </thead>
          <tbody>
            {list.map((journey) => (
              <tr key={journey.id}>
                <th scope="row" className="journey-name">
                  <div className="journey-name-cell">
                    <button type="button" className="link" onClick={() => go('journeys', { journeyId: journey.id })}>{journey.name}</button>
                    <span className="muted small">{t('list.steps', { count: journey.definition.nodes.length })}</span>
                  </div>
                </th>
                <td><span className={`badge ${journey.state}`}>{t(`state.${journey.state}`)}</span></td>
                <td className="number">{number(total(journey.stats.runs))}</td>
                <td className="number">{number(journey.stats.runs.active ?? 0)}</td>
                <td className="number">{number(journey.stats.goals)}</td>
                <td className="number">{number(journey.stats.messages.sent ?? 0)}</td>
                <td>{format.dateTime(journey.updated_at)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
