import type { StoreQuality } from '../../../shared/model/batch.ts';
import type { RowIssue } from '../../../shared/model/issue-codes.ts';
import type { AttributeType } from '../../../shared/import/validate-row.ts';

/**
 * A run of validated rows, ready to write. Clean event rows (the bulk of a POS export) travel as
 * parallel columns of strings and numbers: that is what crosses from the staging worker to the
 * writer cheaply (no object per row), and what the insert statement binds.
 */
export interface StagedChunk {
  events: EventColumns;
  /** Rows written to batch_rows whatever happens: rejected, with warnings, or profiles. In file order. */
  kept: KeptRow[];
  /** Outcomes as the stager sees them: every event row counted accepted until the writer finds it a duplicate. */
  counts: ChunkCounts;
  /** Attribute types these rows fixed, written in the same transaction as the rows. */
  newTypes: Array<[scope: 'user' | 'event', name: string, type: AttributeType]>;
  /** Bytes of the input consumed when this chunk was read (for progress). */
  bytesRead: number;
}

export interface EventColumns {
  rowNo: number[];
  userId: string[];
  name: string[];
  occurredAt: number[];
  offsetMinutes: number[];
  isOffline: number[];
  /** JSON of the event's parameters. */
  params: string[];
  dedupKey: string[];
  /** The row's cells as kept (JSON): written only if the event turns out to be a duplicate. */
  raw: string[];
}

export interface PackedEvent {
  userId: string;
  name: string;
  occurredAt: number;
  offsetMinutes: number;
  isOffline: number;
  params: string;
  dedupKey: string;
}

export interface KeptRow {
  rowNo: number;
  issues: RowIssue[];
  rejected: boolean;
  raw: string;
  /** An event row accepted with warnings: its event is written too. */
  event?: PackedEvent;
  /** An accepted members row: the profile it updates (attributes as JSON). */
  profile?: { userId: string; data: string };
}

export interface ChunkCounts {
  rows: number;
  accepted: number;
  rejected: number;
  issues: Record<string, number>;
  /** Keyed by the store id as written in the file: a Map, since a file may say `__proto__`. */
  stores: Map<string, StoreQuality>;
}

export function emptyEventColumns(): EventColumns {
  return { rowNo: [], userId: [], name: [], occurredAt: [], offsetMinutes: [], isOffline: [], params: [], dedupKey: [], raw: [] };
}
