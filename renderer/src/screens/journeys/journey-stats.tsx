import { useTranslation } from 'react-i18next';
import type { JourneyRecordDto } from '../../../../shared/contract/schemas.ts';
import { useFormat } from '../../format.ts';
import { useApp } from '../../state/app-store.ts';
import { useNumber } from './use-number.ts';

function sum(values: Record<string, number>): number {
  return Object.values(values).reduce((total, value) => total + value, 0);
}

/** What a live journey has done so far. */
export function JourneyStats({ record }: { record: JourneyRecordDto }) {
  const { t } = useTranslation('journeys');
  const number = useNumber();
  const format = useFormat();
  const go = useApp((state) => state.go);
  const { runs, goals, messages, errors } = record.stats;
  const items: Array<[string, string]> = [
    [t('stats.entered'), number(sum(runs))],
    [t('stats.inJourney'), number(runs.active ?? 0)],
    [t('stats.goals'), number(goals)],
    [t('stats.sent'), number(messages.sent ?? 0)],
    [t('stats.scheduled'), number(messages.scheduled ?? 0)],
    [t('stats.skipped'), number(messages.skipped ?? 0)],
    ...(messages.held_back ? [[t('stats.heldBack'), number(messages.held_back)] as [string, string]] : []),
  ];
  const since = record.state === 'stopped' ? record.stopped_at : record.state === 'paused' ? record.paused_at : record.activated_at;
  return (
    <div className="journey-stats">
      <dl className="inline-stats">
        {items.map(([label, value]) => <div key={label}><dt>{label}</dt><dd>{value}</dd></div>)}
      </dl>
      {errors.runs > 0 && <p className="notice-warn" role="alert">{t('stats.errors', { count: errors.runs, first: errors.first })}</p>}
      {since && <span className="muted small">{t(`stats.since.${record.state}`, { at: format.dateTime(since) })}</span>}
      <button type="button" className="link small" onClick={() => go('outbox', { journeyId: record.id })}>{t('stats.outbox')}</button>
    </div>
  );
}
