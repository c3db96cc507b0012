import crypto from 'node:crypto';
import type { ResolvedMapping } from '../../../shared/import/column-mapping.ts';
import { ZoneReader } from '../../../shared/import/parse-time.ts';
import {
  isBlankRow, isRepeatedHeader, validateRow, ZoneRequiredError,
  type AttributeType, type TypeRegistry, type ValidationContext,
} from '../../../shared/import/validate-row.ts';
import type { ImportKind } from '../../../shared/model/import-kind.ts';
import type { RowIssue } from '../../../shared/model/issue-codes.ts';
import { ShopfloorError } from '../errors.ts';
import type { SourceRow } from './source-row.ts';
import { emptyEventColumns, type ChunkCounts, type KeptRow, type StagedChunk } from './staged-chunk.ts';

/** Everything validation needs, in a form that can be posted to a worker thread. */
export interface StageConfig {
  kind: ImportKind;
  headers: string[];
  mapping: ResolvedMapping;
  tz: string | undefined;
  country: string | undefined;
  /** The store's attribute types when the import began, keyed `scope:name`. */
  knownTypes: Array<[string, AttributeType]>;
  /** The column counted for the per-store quality (store_id, or home_store for members). */
  storeColumn: number | undefined;
  displayName: string;
}

export type RowStager = (rows: readonly SourceRow[], bytesRead: number) => StagedChunk;

// Kept raw cells are capped so a hostile 10 MB cell does not land in the database whole; so are a
// row's cells together (a row of a thousand 4 KB cells is 4 MB), and what one import keeps in all:
// past that, each row keeps a short copy, enough to recognise it in the rejected rows.
const MAX_KEPT_CELL = 4096;
const MAX_KEPT_ROW = 32_768;
const MAX_KEPT_BATCH = 256 * 1024 * 1024;
const MAX_KEPT_ROW_PAST_BATCH = 1024;

/** Raw copies of rows as the batch keeps them (JSON arrays of cells), within the caps above. */
export class RawKeeper {
  private kept = 0;

  constructor(private readonly batchLimit = MAX_KEPT_BATCH) {}

  keep(cells: readonly string[]): string {
    const rowLimit = this.kept < this.batchLimit ? MAX_KEPT_ROW : MAX_KEPT_ROW_PAST_BATCH;
    let chars = 0;
    let longCell = false;
    for (const cell of cells) {
      chars += cell.length;
      if (cell.length > MAX_KEPT_CELL) longCell = true;
    }
    const raw = JSON.stringify(longCell || chars > rowLimit ? truncateRow(cells, rowLimit) : cells);
    this.kept += raw.length;
    return raw;
  }
}

function truncateRow(cells: readonly string[], rowLimit: number): string[] {
  const kept: string[] = [];
  let room = rowLimit;
  for (let index = 0; index < cells.length; index++) {
    const cell = cells[index]!;
    const limit = Math.min(MAX_KEPT_CELL, room);
    if (cell.length <= limit) {
      kept.push(cell);
      room -= cell.length;
      continue;
    }
    kept.push(`${cell.slice(0, limit)}…[${cell.length} characters]`);
    room -= limit;
    if (room <= 0 && index + 1 < cells.length) {
      kept.push(`…[${cells.length - index - 1} more cells not kept]`);
      break;
    }
  }
  return kept;
}

function digest(text: string): string {
  return crypto.createHash('sha1').update(text).digest('base64url');
}

/** Types fixed by accepted rows are known at once to the rows after them, and handed to the writer per chunk. */
class ChunkTypeRegistry implements TypeRegistry {
  private readonly known: Map<string, AttributeType>;
  pending: StagedChunk['newTypes'] = [];

  constructor(known: ReadonlyArray<[string, AttributeType]>) {
    this.known = new Map(known);
  }

  typeOf(scope: 'user' | 'event', name: string): AttributeType | undefined {
    return this.known.get(`${scope}:${name}`);
  }

  fix(scope: 'user' | 'event', name: string, type: AttributeType): void {
    this.known.set(`${scope}:${name}`, type);
    this.pending.push([scope, name, type]);
  }
}

/** Turns source rows into staged chunks: validation, outcome counts and per-store quality, no database. */
export function createRowStager(config: StageConfig): RowStager {
  const types = new ChunkTypeRegistry(config.knownTypes);
  const context: ValidationContext = {
    kind: config.kind, headers: config.headers, mapping: config.mapping, types, digest,
    zone: config.tz === undefined ? undefined : new ZoneReader(config.tz),
    country: config.country,
  };
  const raw = new RawKeeper();

  return (rows, bytesRead) => {
    const chunk: StagedChunk = {
      events: emptyEventColumns(), kept: [], newTypes: [], bytesRead,
      counts: { rows: 0, accepted: 0, rejected: 0, issues: {}, stores: new Map() },
    };
    for (const row of rows) {
      if (isBlankRow(row.cells)) continue;
      stageRow(row, context, config, chunk, raw);
    }
    chunk.newTypes = types.pending;
    types.pending = [];
    return chunk;
  };
}

function stageRow(row: SourceRow, context: ValidationContext, config: StageConfig, chunk: StagedChunk, raw: RawKeeper): void {
  const store = config.storeColumn === undefined ? undefined : (row.cells[config.storeColumn] ?? '').trim() || '(none)';
  if (isRepeatedHeader(row.cells, context.headers)) {
    const issues: RowIssue[] = [{ code: 'repeated_header' }];
    chunk.kept.push({ rowNo: row.rowNo, issues, rejected: true, raw: raw.keep(row.cells) });
    count(chunk.counts, true, issues, store);
    return;
  }
  let result;
  try {
    result = validateRow(row.cells, context);
  } catch (error) {
    if (error instanceof ZoneRequiredError) {
      throw new ShopfloorError('timezone_required', error.message, { file: config.displayName, row: row.rowNo, column: error.column });
    }
    throw error;
  }
  const issues = result.issues;
  let rejected = result.rejected;
  if (row.malformed) {
    issues.push({ code: 'malformed_row' });
    rejected = true;
  }
  count(chunk.counts, rejected, issues, store);

  if (result.type === 'event' && !rejected && result.record) {
    const event = result.record;
    if (issues.length === 0) {
      const columns = chunk.events;
      columns.rowNo.push(row.rowNo);
      columns.userId.push(event.userId);
      columns.name.push(event.name);
      columns.occurredAt.push(event.occurredAt);
      columns.offsetMinutes.push(event.offsetMinutes);
      columns.isOffline.push(event.isOffline ? 1 : 0);
      columns.params.push(JSON.stringify(event.params));
      columns.dedupKey.push(event.dedupKey);
      columns.raw.push(raw.keep(row.cells));
      return;
    }
    chunk.kept.push({
      rowNo: row.rowNo, issues, rejected, raw: raw.keep(row.cells),
      event: {
        userId: event.userId, name: event.name, occurredAt: event.occurredAt, offsetMinutes: event.offsetMinutes,
        isOffline: event.isOffline ? 1 : 0, params: JSON.stringify(event.params), dedupKey: event.dedupKey,
      },
    });
    return;
  }
  const kept: KeptRow = { rowNo: row.rowNo, issues, rejected, raw: raw.keep(row.cells) };
  if (result.type === 'profile' && !rejected && result.record) kept.profile = { userId: result.record.userId, data: JSON.stringify(result.record.attrs) };
  chunk.kept.push(kept);
}

function count(counts: ChunkCounts, rejected: boolean, issues: readonly RowIssue[], store: string | undefined): void {
  counts.rows += 1;
  if (rejected) counts.rejected += 1;
  else counts.accepted += 1;
  let footer = false;
  let missingUser = false;
  for (let index = 0; index < issues.length; index++) {
    const code = issues[index]!.code;
    // A code counts once per row, however many columns carry it.
    if (issues.findIndex((issue) => issue.code === code) !== index) continue;
    counts.issues[code] = (counts.issues[code] ?? 0) + 1;
    if (code === 'footer_row' || code === 'repeated_header') footer = true;
    if (code === 'missing_user_id') missingUser = true;
  }
  if (store === undefined || footer) return;
  let quality = counts.stores.get(store);
  if (quality === undefined) {
    quality = { rows: 0, missing_user_id: 0, rate: 0 };
    counts.stores.set(store, quality);
  }
  quality.rows += 1;
  if (missingUser) quality.missing_user_id += 1;
  quality.rate = quality.missing_user_id / quality.rows;
}
