import type { ImportKind } from '../model/import-kind.ts';
import { isTargetName, targets, targetsFor, type TargetName } from '../model/targets.ts';
import { attributeNameFromHeader, isValidAttributeName } from './attribute-name.ts';
import { listHeaders } from './list-headers.ts';
import { normalizeHeader } from './normalize-header.ts';

/**
 * A mapping as the user sees and saves it: target or custom attribute name → header text. A column
 * the user chose not to import is saved as `!<header>` → header.
 */
export type SavedMapping = Record<string, string>;

/** The override name that means "do not import this column" (`--map -=Header`). */
export const SKIP = '-';

export interface ResolvedMapping {
  /** Known targets → column index. */
  targets: Map<TargetName, number>;
  /** Custom attributes / event parameters → column index. */
  custom: Map<string, number>;
  /** Columns that carry no name Shopfloor can store, with why. Their values stay in the kept raw rows. */
  ignored: Array<{ index: number; header: string; reason: string }>;
}

const synonymIndex: Map<string, TargetName> = buildSynonymIndex();

function buildSynonymIndex(): Map<string, TargetName> {
  const index = new Map<string, TargetName>();
  for (const name of Object.keys(targets) as TargetName[]) {
    for (const synonym of targets[name].synonyms) index.set(normalizeHeader(synonym), name);
  }
  return index;
}

export function synonymTarget(header: string): TargetName | undefined {
  return synonymIndex.get(normalizeHeader(header));
}

/** Headers → targets by name and known synonyms; the first column wins when two name the same target. */
export function autoMap(headers: readonly string[], kinds: readonly ImportKind[]): Map<TargetName, number> {
  const allowed = new Set(kinds.flatMap((kind) => targetsFor(kind)));
  const mapped = new Map<TargetName, number>();
  headers.forEach((header, index) => {
    const target = synonymTarget(header);
    if (target && allowed.has(target) && !mapped.has(target)) mapped.set(target, index);
  });
  return mapped;
}

/** Finds a header by exact text, then by its normalised form. */
export function findHeader(headers: readonly string[], wanted: string): number {
  const exact = headers.indexOf(wanted);
  if (exact >= 0) return exact;
  const normalized = normalizeHeader(wanted);
  return headers.findIndex((header) => normalizeHeader(header) === normalized);
}

export class MappingError extends Error {}

/**
 * The mapping used for an import: remembered (or automatic) first, then the user's overrides
 * (`target=Header`, or `target=` to unmap), then every other column as a custom attribute.
 */
export function resolveMapping(options: {
  headers: readonly string[];
  kind: ImportKind;
  remembered?: SavedMapping | undefined;
  overrides?: ReadonlyArray<[string, string]>;
}): ResolvedMapping {
  const { headers, kind } = options;
  const allowed = new Set<string>(targetsFor(kind));
  const byName = new Map<string, number>();
  const skipped = new Set<number>();

  if (options.remembered) {
    for (const [name, header] of Object.entries(options.remembered)) {
      const index = headers.indexOf(header);
      if (name.startsWith('!')) {
        if (index >= 0) skipped.add(index);
        continue;
      }
      if (index >= 0 && (allowed.has(name) || (!isTargetName(name) && isValidAttributeName(name)))) byName.set(name, index);
    }
  } else {
    for (const [target, index] of autoMap(headers, [kind])) byName.set(target, index);
  }

  for (const [name, header] of options.overrides ?? []) {
    if (name === SKIP) {
      const index = findHeader(headers, header);
      if (index < 0) throw new MappingError(`no column "${header}" (columns: ${listHeaders(headers)})`);
      for (const [other, otherIndex] of byName) if (otherIndex === index) byName.delete(other);
      skipped.add(index);
      continue;
    }
    if (isTargetName(name) && !allowed.has(name)) {
      throw new MappingError(`"${name}" is not a field of a ${kind} import (fields: ${[...allowed].join(', ')})`);
    }
    if (!isTargetName(name) && !isValidAttributeName(name)) {
      throw new MappingError(`"${name}" is not a valid attribute name: use lower-case letters, digits and _`);
    }
    if (header === '') {
      byName.delete(name);
      continue;
    }
    const index = findHeader(headers, header);
    if (index < 0) throw new MappingError(`no column "${header}" (columns: ${listHeaders(headers)})`);
    for (const [other, otherIndex] of byName) if (otherIndex === index) byName.delete(other);
    skipped.delete(index);
    byName.set(name, index);
  }

  const result: ResolvedMapping = { targets: new Map(), custom: new Map(), ignored: [] };
  const used = new Set<number>();
  for (const [name, index] of byName) {
    used.add(index);
    if (isTargetName(name)) result.targets.set(name, index);
    else result.custom.set(name, index);
  }
  headers.forEach((header, index) => {
    if (used.has(index)) return;
    if (skipped.has(index)) {
      result.ignored.push({ index, header, reason: 'not imported, as chosen' });
      return;
    }
    if (header.trim() === '') {
      result.ignored.push({ index, header, reason: 'the column has no header' });
      return;
    }
    const name = attributeNameFromHeader(header);
    if (name === null) {
      const reason = /[a-z0-9]/i.test(header.normalize('NFKC'))
        ? 'the header is a reserved word; map it with --map name=HEADER'
        : 'the header has no ASCII name; map it with --map name=HEADER';
      result.ignored.push({ index, header, reason });
    } else if (isTargetName(name) || result.custom.has(name)) {
      result.ignored.push({ index, header, reason: `"${name}" is already mapped from another column` });
    } else {
      result.custom.set(name, index);
    }
  });
  return result;
}

/** The mapping in its saved form (name → header), for remembering per layout. */
export function toSavedMapping(headers: readonly string[], mapping: ResolvedMapping): SavedMapping {
  const entries: Array<[string, string]> = [...mapping.targets, ...mapping.custom].map(([name, index]) => [name, headers[index] ?? '']);
  for (const column of mapping.ignored) if (column.reason === 'not imported, as chosen') entries.push([`!${column.header}`, column.header]);
  // fromEntries defines own properties: a header spelled __proto__ stays an ordinary key.
  return Object.fromEntries(entries);
}

/**
 * PRODUCT.md §2: members sheets have no event time; online exports carry `is_offline` or no store columns.
 */
export function inferKind(headers: readonly string[]): ImportKind {
  const mapped = autoMap(headers, ['pos', 'members', 'online']);
  if (!mapped.has('occurred_at')) return 'members';
  if (mapped.has('is_offline') || mapped.has('event_name')) return 'online';
  if (!mapped.has('store_id') && !mapped.has('receipt_no')) return 'online';
  return 'pos';
}
