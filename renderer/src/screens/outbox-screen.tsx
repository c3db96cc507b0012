import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api.ts';
import { ErrorMessage } from '../components/error-message.tsx';
import { useLoad } from '../hooks/use-api.ts';
import { useApp } from '../state/app-store.ts';
import { MessageDetails } from './outbox/message-details.tsx';
import { OutboxFilters } from './outbox/outbox-filters.tsx';
import { OutboxGrid } from './outbox/outbox-grid.tsx';
import type { OutboxFilter } from './outbox/outbox-filter.ts';
import { useStatusCounts } from './outbox/use-status-counts.ts';
import type { OutboxMessage } from './outbox/use-message.ts';
import './outbox/outbox.css';

/** Outbox: every message journeys scheduled, sent, skipped (and why), cancelled or failed; each one's send attempts. */
export function OutboxScreen() {
  const { t } = useTranslation('outbox');
  const focus = useApp((state) => state.focus);
  const [filter, setFilter] = useState<OutboxFilter>({ journeyId: focus.journeyId ?? null, userId: focus.userId ?? '', status: null });
  const [reloads, setReloads] = useState(0);
  const [open, setOpen] = useState<{ message: OutboxMessage; step: string } | null>(null);
  const journeys = useLoad(() => api.call('journeys.list', {}), [], ['journeys']);
  const counts = useStatusCounts(filter, reloads);
  const total = counts.data ? (filter.status === null ? counts.data.all : counts.data.byStatus[filter.status]) : null;
  const resetKey = JSON.stringify([filter, reloads, counts.data]);
  return (
    <section className="outbox" aria-labelledby="screen-title">
      <h2 id="screen-title">{t('title')}</h2>
      <p className="muted outbox-intro">{t('intro')}</p>
      <OutboxFilters filter={filter} onChange={setFilter} journeys={journeys.data?.journeys ?? []} counts={counts.data} onRefresh={() => setReloads((count) => count + 1)} />
      <ErrorMessage message={counts.error ?? journeys.error} onRetry={() => setReloads((count) => count + 1)} />
      {total !== null && (
        <p className="outbox-total" role="status">{t('total', { count: total })}</p>
      )}
      {total === 0 && <p className="muted">{filter.journeyId === null && !filter.userId.trim() && filter.status === null ? t('empty') : t('noMatch')}</p>}
      {total !== null && total > 0 && <OutboxGrid filter={filter} total={total} journeys={journeys.data?.journeys ?? []} resetKey={resetKey} onOpen={(message, step) => setOpen({ message, step })} />}
      {open && <MessageDetails initial={open.message} step={open.step} onClose={() => setOpen(null)} onChanged={() => setReloads((count) => count + 1)} />}
    </section>
  );
}
