import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { JourneyRecordDto } from '../../../../shared/contract/schemas.ts';
import { useNumber } from '../journeys/use-number.ts';
import { messageStatuses, type MessageStatusName, type OutboxFilter } from './outbox-filter.ts';

/** Journey, customer and status; the customer id applies as you stop typing. */
export function OutboxFilters({ filter, onChange, journeys, counts, onRefresh }: {
  filter: OutboxFilter;
  onChange(filter: OutboxFilter): void;
  journeys: readonly JourneyRecordDto[];
  counts: { all: number; byStatus: Record<MessageStatusName, number> } | null;
  onRefresh(): void;
}) {
  const { t } = useTranslation(['outbox', 'common']);
  const number = useNumber();
  const id = useId();
  const [user, setUser] = useState(filter.userId);
  useEffect(() => {
    if (user === filter.userId) return undefined;
    const timer = setTimeout(() => onChange({ ...filter, userId: user }), 300);
    return () => clearTimeout(timer);
  }, [filter, onChange, user]);
  const count = (value: number | undefined) => (value === undefined ? '' : ` (${number(value)})`);
  return (
    <form className="outbox-filters" role="search" aria-label={t('filters')} onSubmit={(event) => { event.preventDefault(); onChange({ ...filter, userId: user }); }}>
      <div className="field">
        <label htmlFor={`${id}-journey`}>{t('journey')}</label>
        <select id={`${id}-journey`} value={filter.journeyId ?? ''} onChange={(event) => onChange({ ...filter, journeyId: event.target.value === '' ? null : Number(event.target.value) })}>
          <option value="">{t('allJourneys')}</option>
          {journeys.map((journey) => <option key={journey.id} value={journey.id}>{journey.name}</option>)}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-user`}>{t('customer')}</label>
        <input id={`${id}-user`} type="search" value={user} placeholder={t('customerPlaceholder')} onChange={(event) => setUser(event.target.value)} />
      </div>
      <div className="field">
        <label htmlFor={`${id}-status`}>{t('statusLabel')}</label>
        <select id={`${id}-status`} value={filter.status ?? ''} onChange={(event) => onChange({ ...filter, status: event.target.value === '' ? null : event.target.value as MessageStatusName })}>
          <option value="">{t('allStatuses')}{count(counts?.all)}</option>
          {messageStatuses.filter((status) => status === filter.status || (counts?.byStatus[status] ?? 0) > 0 || ['scheduled', 'sent', 'skipped', 'cancelled'].includes(status)).map((status) => (
            <option key={status} value={status}>{t(`status.${status}`)}{count(counts?.byStatus[status])}</option>
          ))}
        </select>
      </div>
      <button type="button" onClick={onRefresh}>{t('common:actions.refresh')}</button>
    </form>
  );
}
