export const messageStatuses = ['scheduled', 'sending', 'sent', 'skipped', 'cancelled', 'failed', 'unknown'] as const;
export type MessageStatusName = (typeof messageStatuses)[number];

export interface OutboxFilter {
  journeyId: number | null;
  userId: string;
  status: MessageStatusName | null;
}

/** The API's filter: only what is set. */
export function filterInput(filter: OutboxFilter, status: MessageStatusName | null = filter.status) {
  return {
    ...(filter.journeyId !== null ? { journeyId: filter.journeyId } : {}),
    ...(filter.userId.trim() ? { userId: filter.userId.trim() } : {}),
    ...(status !== null ? { status } : {}),
  };
}
