import type { ImportKind } from './import-kind.ts';
import type { SourceFormat } from './source-format.ts';

export type BatchStatus = 'importing' | 'staged' | 'committed' | 'rolled_back';

export interface StoreQuality {
  rows: number;
  missing_user_id: number;
  /** missing_user_id / rows, 0..1 */
  rate: number;
}

/** A batch as the command line and the UI show it. Times are ISO 8601 UTC. */
export interface BatchSummary {
  id: number;
  status: BatchStatus;
  kind: ImportKind;
  file: string;
  path: string;
  format: SourceFormat;
  encoding: string;
  delimiter: string | null;
  sheet: string | null;
  tz: string | null;
  rows: number;
  accepted: number;
  rejected: number;
  duplicates: number;
  issues: Record<string, number>;
  stores: Record<string, StoreQuality>;
  mapping: Record<string, string>;
  ignored_columns: Array<{ header: string; reason: string }>;
  created_at: string;
  committed_at: string | null;
  rolled_back_at: string | null;
  /** When retention removed its raw rows and profile pre-images (null: still kept). */
  raw_purged_at: string | null;
}
