import type { MethodOutput } from '../../../../shared/contract/methods.ts';
import { api } from '../../api.ts';
import { useLoad } from '../../hooks/use-api.ts';

export type OutboxMessage = MethodOutput<'outbox.list'>['messages'][number];

/** One message as it is now (the list has no lookup by id: its customer's messages in its journey are few). */
export function useMessage(initial: OutboxMessage) {
  const message = useLoad(async () => {
    let offset = 0;
    for (;;) {
      const page = await api.call('outbox.list', { userId: initial.user_id, journeyId: initial.journey_id, offset, limit: 500 });
      const found = page.messages.find((item) => item.id === initial.id);
      if (found) return found;
      offset += page.messages.length;
      if (page.messages.length === 0 || offset >= page.total) return initial;
    }
  }, [initial.id], ['outbox']);
  const attempts = useLoad(() => api.call('outbox.attempts', { id: initial.id }), [initial.id], ['outbox']);
  return {
    message: message.data ?? initial,
    attempts: attempts.data?.attempts ?? null,
    error: message.error ?? attempts.error,
    reload: () => {
      message.reload();
      attempts.reload();
    },
  };
}
