import crypto from 'node:crypto';
import path from 'node:path';
import { inferKind, MappingError, resolveMapping, toSavedMapping, type ResolvedMapping, type SavedMapping } from '../../../shared/import/column-mapping.ts';
import { listHeaders } from '../../../shared/import/list-headers.ts';
import { normalizeHeader } from '../../../shared/import/normalize-header.ts';
import { isValidZone } from '../../../shared/import/parse-time.ts';
import type { AttributeType } from '../../../shared/import/validate-row.ts';
import type { BatchSummary } from '../../../shared/model/batch.ts';
import type { ImportKind } from '../../../shared/model/import-kind.ts';
import { isWorkbookFormat } from '../../../shared/model/source-format.ts';
import { requiredTargets } from '../../../shared/model/targets.ts';
import { countryOfZone } from '../../../shared/model/zone-country.ts';
import { commitBatch } from '../batches/commit-batch.ts';
import { discardBatch } from '../batches/recover-imports.ts';
import type { Clock } from '../clock.ts';
import { ShopfloorError } from '../errors.ts';
import { getBatch, toSummary } from '../store/batch-repo.ts';
import { diskFullError, isDiskFull } from '../store/disk-full.ts';
import type { Db } from '../store/open-store.ts';
import type { TextEncoding } from './detect-encoding.ts';
import { DiskGuard, type FreeSpace } from './disk-space.ts';
import { MAX_NEW_ATTRIBUTES } from './import-limits.ts';
import { detectFormat } from './file-format.ts';
import { statInputFile } from './open-row-source.ts';
import type { IgnoredCells } from './source-row.ts';
import type { StageConfig } from './stage-rows.ts';
import { StageWriter } from './stage-writer.ts';
import { canStageInWorker } from './stage-worker-thread.ts';
import { openStagingInThread, openStagingInWorker, readerHeapFor, type SourceOptions } from './staging-source.ts';

export interface ImportProgress {
  rows: number;
  bytesRead: number;
  totalBytes: number;
}

export interface ImportOptions {
  file: string;
  kind?: ImportKind;
  tz?: string;
  country?: string;
  encoding?: TextEncoding;
  /** Overrides the detected delimiter of a text file. */
  delimiter?: string;
  sheet?: string;
  /** target (or custom attribute name) → header; an empty header unmaps the target. */
  map?: ReadonlyArray<[string, string]>;
  commit?: boolean;
  /** sha256 of the content, when the caller already has it (a watched folder): kept to spot the same file again. */
  fileHash?: string;
  /**
   * Read and validate on a worker thread with a capped heap (default: workbooks, whose few bytes can
   * expand without bound, and text files of 8 MB and more, where the worker pays for starting).
   */
  worker?: boolean;
  /** Free bytes on the store's disk (the real disk's when omitted). */
  freeSpace?: FreeSpace;
  signal?: AbortSignal;
  onProgress?: (progress: ImportProgress) => void;
}

export interface ImportResult extends BatchSummary {
  /** Events added to the store when the import was committed at once. */
  events_committed?: number;
}

export interface Layout {
  kind: ImportKind;
  mapping: SavedMapping;
  tz: string | null;
}

/** The same set of headers is the same source layout, in whatever order. */
export function layoutKey(headers: readonly string[]): string {
  const normalized = [...new Set(headers.map(normalizeHeader))].sort();
  return crypto.createHash('sha256').update(JSON.stringify(normalized)).digest('hex').slice(0, 32);
}

export function findLayout(db: Db, key: string): Layout | undefined {
  const row = db.prepare('SELECT kind, mapping, tz FROM layouts WHERE layout_key = ?').get(key) as { kind: ImportKind; mapping: string; tz: string | null } | undefined;
  return row && { kind: row.kind, mapping: JSON.parse(row.mapping) as SavedMapping, tz: row.tz };
}

// Below this size a text file is read faster than a worker thread starts; what reading it holds is
// bounded by its size.
const WORKER_MIN_BYTES = 8 * 1024 * 1024;
// What an import adds to the store per byte of file, about: typed events, their indexes and raw rows
// take several times a CSV's size, and a workbook's zip packs text several times over.
const STORE_BYTES_PER_TEXT_BYTE = 4;
const STORE_BYTES_PER_WORKBOOK_BYTE = 20;

/**
 * Reads a file, validates every row and stages it as a batch. Large files are read and validated on a
 * worker thread while this thread writes what it has validated. Rows are written a chunk per
 * transaction under status `importing`, which nothing else reads; the batch becomes `staged` in one
 * final transaction, and a batch left `importing` by a killed process is removed on the next open.
 */
export async function importFile(db: Db, clock: Clock, options: ImportOptions): Promise<ImportResult> {
  const displayName = path.basename(options.file);
  const sourceOptions: SourceOptions = {
    displayName,
    ...(options.encoding ? { encoding: options.encoding } : {}),
    ...(options.delimiter ? { delimiter: options.delimiter } : {}),
    ...(options.sheet !== undefined ? { sheet: options.sheet } : {}),
  };
  const fileSize = statInputFile(options.file, displayName).size;
  const format = await detectFormat(options.file, displayName);
  const disk = new DiskGuard(db, displayName, options.freeSpace);
  // An .xls is not packed: it holds its text about as plainly as a CSV does.
  disk.before(fileSize * (format === 'csv' || format === 'xls' ? STORE_BYTES_PER_TEXT_BYTE : STORE_BYTES_PER_WORKBOOK_BYTE));
  const inWorker = options.worker ?? ((isWorkbookFormat(format) || fileSize >= WORKER_MIN_BYTES) && canStageInWorker());
  const source = inWorker
    ? await openStagingInWorker(options.file, sourceOptions, readerHeapFor(format))
    : await openStagingInThread(options.file, sourceOptions);
  let batchId: number | undefined;
  let writer: StageWriter | undefined;
  try {
    const header = source.header;
    const headers = header.cells.map((cell) => cell.trim());
    const key = layoutKey(headers);
    const remembered = findLayout(db, key);
    const kind = options.kind ?? remembered?.kind ?? inferKind(headers);
    const tz = options.tz ?? remembered?.tz ?? undefined;
    if (tz !== undefined && !isValidZone(tz)) {
      throw new ShopfloorError('unknown_time_zone', `"${tz}" is not a time zone; use an IANA name such as Asia/Tokyo`, { file: displayName });
    }
    let mapping;
    try {
      mapping = resolveMapping({
        headers, kind,
        remembered: remembered && remembered.kind === kind ? remembered.mapping : undefined,
        overrides: options.map ?? [],
      });
    } catch (error) {
      if (error instanceof MappingError) throw new ShopfloorError('bad_mapping', error.message, { file: displayName });
      throw error;
    }
    const knownTypes = knownAttributeTypes(db);
    checkNewAttributes(kind, mapping.custom.keys(), knownTypes, displayName);
    const missing = requiredTargets(kind).filter((target) => !mapping.targets.has(target));
    if (missing.length > 0) {
      throw new ShopfloorError('unmapped_required',
        `no column for ${missing.join(', ')} in a ${kind} file (columns: ${listHeaders(headers)}); map one with --map ${missing[0]}=HEADER`,
        { file: displayName, row: header.rowNo });
    }

    const config: StageConfig = {
      kind, headers, mapping, tz, displayName,
      country: options.country ?? countryOfZone(tz),
      knownTypes,
      storeColumn: mapping.targets.get(kind === 'members' ? 'home_store' : 'store_id'),
    };
    const savedMapping = toSavedMapping(headers, mapping);
    const info = source.info;

    batchId = Number(db.prepare(`INSERT INTO batches (kind, file, path, file_size, format, encoding, delimiter, sheet, tz, headers, mapping,
        ignored_columns, layout_key, status, owner_pid, heartbeat_at, created_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'importing', ?, ?, ?)`).run(
      kind, displayName, path.resolve(options.file), fileSize, info.format, info.encoding,
      info.delimiter ?? null, info.sheet ?? null, tz ?? null, JSON.stringify(headers), JSON.stringify(savedMapping),
      JSON.stringify(ignoredColumns(mapping.ignored, undefined)), key,
      process.pid, clock.now(), clock.now()).lastInsertRowid);

    writer = new StageWriter(db, batchId, clock);
    for await (const chunk of source.stage(config)) {
      if (options.signal?.aborted) throw new ShopfloorError('cancelled', 'the import was cancelled; nothing was saved', { file: displayName });
      disk.during();
      writer.write(chunk);
      options.onProgress?.({ rows: writer.counts.rows, bytesRead: chunk.bytesRead, totalBytes: fileSize });
    }
    if (options.signal?.aborted) throw new ShopfloorError('cancelled', 'the import was cancelled; nothing was saved', { file: displayName });

    const counts = writer.counts;
    const ignored = ignoredColumns(mapping.ignored, source.ignoredCells());
    writer.finish(() => db.prepare(`UPDATE batches SET status = 'staged', rows = ?, accepted = ?, rejected = ?, duplicates = ?, issues = ?,
        stores = ?, ignored_columns = ?, owner_pid = NULL, file_hash = ? WHERE id = ?`).run(counts.rows, counts.accepted, counts.rejected, counts.duplicates,
      JSON.stringify(counts.issues), JSON.stringify(Object.fromEntries(counts.stores)), JSON.stringify(ignored), options.fileHash ?? null, batchId));
  } catch (error) {
    try {
      writer?.abort();
      if (batchId !== undefined) discardBatch(db, batchId);
    } catch {
      // A full disk can refuse the clean-up too: the batch stays `importing`, which nothing reads, and is
      // removed the next time the store is opened.
    }
    if (isDiskFull(error)) throw diskFullError('the import stopped and nothing of it was saved', { file: displayName });
    throw error;
  } finally {
    await source.close();
  }

  const result: ImportResult = toSummary(getBatch(db, batchId));
  if (options.commit) {
    const committed = commitBatch(db, clock, batchId);
    return { ...toSummary(getBatch(db, batchId)), events_committed: committed.events };
  }
  return result;
}

function ignoredColumns(mapped: ResolvedMapping['ignored'], cells: IgnoredCells | undefined): BatchSummary['ignored_columns'] {
  const columns = mapped.map(({ header, reason }) => ({ header, reason }));
  if (cells !== undefined) {
    columns.push({
      header: `${cells.from}:${cells.to}`,
      reason: `${cells.cells.toLocaleString('en-US')} cells right of the last header, in ${cells.rows.toLocaleString('en-US')} rows, were not read`,
    });
  }
  return columns;
}

// Each custom column fixes a new attribute type on its first value; a file must not fill the store's list.
function checkNewAttributes(kind: ImportKind, names: Iterable<string>, known: ReadonlyArray<[string, AttributeType]>, file: string): void {
  const scope = kind === 'members' ? 'user' : 'event';
  const knownNames = new Set(known.map(([key]) => key));
  let added = 0;
  for (const name of names) if (!knownNames.has(`${scope}:${name}`)) added += 1;
  if (added > MAX_NEW_ATTRIBUTES) {
    throw new ShopfloorError('too_many_attributes',
      `the file would add ${added.toLocaleString('en-US')} new custom attributes; one import may add at most ${MAX_NEW_ATTRIBUTES} (map the columns you need and leave the rest out with --map name=)`,
      { file });
  }
}

function knownAttributeTypes(db: Db): Array<[string, AttributeType]> {
  const rows = db.prepare('SELECT scope, name, type FROM attribute_types').all() as Array<{ scope: string; name: string; type: AttributeType }>;
  return rows.map((row) => [`${row.scope}:${row.name}`, row.type]);
}
