import { api } from '../../api.ts';
import { useLoad } from '../../hooks/use-api.ts';
import { filterInput, messageStatuses, type MessageStatusName, type OutboxFilter } from './outbox-filter.ts';

/** How many messages each status has under the journey and customer filters (the status filter's counts). */
export function useStatusCounts(filter: OutboxFilter, reloadKey: number) {
  const base: OutboxFilter = { ...filter, status: null };
  return useLoad(async () => {
    const [all, ...each] = await Promise.all([null, ...messageStatuses].map((status) => api.call('outbox.list', { ...filterInput(base, status), limit: 1 })));
    return { all: all!.total, byStatus: Object.fromEntries(messageStatuses.map((status, index) => [status, each[index]!.total])) as Record<MessageStatusName, number> };
  }, [filter.journeyId, filter.userId, reloadKey], ['outbox', 'journeys']);
}
