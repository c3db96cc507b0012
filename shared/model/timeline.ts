import type { BatchStatus } from './batch.ts';

export type Params = Record<string, string | number | boolean>;

export interface TimelineEvent {
  name: string;
  /** ISO 8601 UTC */
  occurred_at: string;
  /** The same instant with the offset it was written in, as the store saw it. */
  occurred_local: string;
  /** ISO 8601 UTC; null while the batch is staged. */
  ingested_at: string | null;
  /** ingested_at − occurred_at in ms; null while staged. */
  upload_lag_ms: number | null;
  is_offline: boolean;
  params: Params;
  batch_id: number;
  row_no: number;
  status: Extract<BatchStatus, 'staged' | 'committed'>;
}

export interface UserProfile {
  user_id: string;
  [attribute: string]: unknown;
}

export interface Timeline {
  user: UserProfile | null;
  /** Profile updates from staged members batches, not yet applied. */
  staged_profile: Record<string, unknown> | null;
  events: TimelineEvent[];
}
