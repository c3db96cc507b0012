import fs from 'node:fs';
import path from 'node:path';
import { inferKind, MappingError, resolveMapping } from '../../../shared/import/column-mapping.ts';
import { isValidZone } from '../../../shared/import/parse-time.ts';
import type { ImportKind } from '../../../shared/model/import-kind.ts';
import { isWorkbookFormat } from '../../../shared/model/source-format.ts';
import { requiredTargets, targets, targetsFor, type TargetSpec } from '../../../shared/model/targets.ts';
import { ShopfloorError } from '../errors.ts';
import type { Db } from '../store/open-store.ts';
import type { TextEncoding } from './detect-encoding.ts';
import { findLayout, layoutKey } from './import-file.ts';
import { detectFormat } from './file-format.ts';
import { statInputFile } from './open-row-source.ts';
import { canStageInWorker } from './stage-worker-thread.ts';
import { openStagingInThread, openStagingInWorker, readerHeapFor, type SourceOptions } from './staging-source.ts';

const SAMPLE_ROWS = 20;
const SAMPLE_CHARS = 500;

export interface InspectOptions {
  path: string;
  kind?: ImportKind;
  encoding?: TextEncoding;
  delimiter?: string;
  sheet?: string;
  tz?: string;
  map?: ReadonlyArray<[string, string]>;
}

/**
 * What the import screen shows before anything is imported: detected format, encoding, delimiter and
 * sheet, the kind, the mapping (remembered for this layout or automatic) and the first rows.
 */
export async function inspectFile(db: Db, options: InspectOptions) {
  const file = path.basename(options.path);
  const sourceOptions: SourceOptions = {
    displayName: file,
    ...(options.encoding ? { encoding: options.encoding } : {}),
    ...(options.delimiter ? { delimiter: options.delimiter } : {}),
    ...(options.sheet !== undefined ? { sheet: options.sheet } : {}),
  };
  statInputFile(options.path, file);
  const format = await detectFormat(options.path, file);
  // A workbook is read on the staging worker, under its heap cap, as an import reads it: this runs in
  // the app's main process, which a few hostile kilobytes must not exhaust.
  const source = isWorkbookFormat(format) && canStageInWorker()
    ? await openStagingInWorker(options.path, sourceOptions, readerHeapFor(format))
    : await openStagingInThread(options.path, sourceOptions);
  try {
    const header = source.header;
    const samples = await source.samples(SAMPLE_ROWS, SAMPLE_CHARS);
    const headers = header.cells.map((cell) => cell.trim());
    const remembered = findLayout(db, layoutKey(headers));
    const kind = options.kind ?? remembered?.kind ?? inferKind(headers);
    const tz = options.tz ?? remembered?.tz ?? null;
    if (tz !== null && !isValidZone(tz)) throw new ShopfloorError('unknown_time_zone', `"${tz}" is not a time zone; use an IANA name such as Asia/Tokyo`, { file });
    let mapping;
    try {
      mapping = resolveMapping({ headers, kind, remembered: remembered && remembered.kind === kind ? remembered.mapping : undefined, overrides: options.map ?? [] });
    } catch (error) {
      if (error instanceof MappingError) throw new ShopfloorError('bad_mapping', error.message, { file });
      throw error;
    }
    const required = new Set(requiredTargets(kind));
    return {
      path: options.path,
      file,
      size: fs.statSync(options.path).size,
      format: source.info.format,
      encoding: source.info.encoding,
      delimiter: source.info.delimiter ?? null,
      sheets: source.info.sheets ?? [],
      sheet: source.info.sheet ?? null,
      kind,
      tz,
      headers,
      samples: samples.map((row) => headers.map((_, index) => row.cells[index] ?? '')),
      mapping: Object.fromEntries([...mapping.targets, ...mapping.custom].map(([name, index]) => [name, headers[index] ?? ''])),
      ignored: mapping.ignored.map(({ header: h, reason }) => ({ header: h, reason })),
      targets: targetsFor(kind).map((name) => ({ name, type: (targets[name] as TargetSpec).type, required: required.has(name) })),
      remembered: remembered !== undefined && remembered.kind === kind,
      missing_required: [...required].filter((target) => !mapping.targets.has(target)),
    };
  } finally {
    await source.close();
  }
}
