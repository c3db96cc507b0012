import type { ImportKind } from '../model/import-kind.ts';
import { isError, type IssueCode, type RowIssue } from '../model/issue-codes.ts';
import type { TargetName } from '../model/targets.ts';
import type { ResolvedMapping } from './column-mapping.ts';
import { normalizeEmail, normalizePhone } from './contact-fields.ts';
import { parseBoolean } from './parse-boolean.ts';
import { parseNumber } from './parse-number.ts';
import { parseCalendarDate, parseTimestamp, type ZoneReader } from './parse-time.ts';

export type ScalarValue = string | number | boolean;
export type AttributeType = 'string' | 'number' | 'boolean' | 'date';

/** The store's record of attribute types: fixed by the first write (PRODUCT.md §1). */
export interface TypeRegistry {
  typeOf(scope: 'user' | 'event', name: string): AttributeType | undefined;
  fix(scope: 'user' | 'event', name: string, type: AttributeType): void;
}

export interface ValidationContext {
  kind: ImportKind;
  headers: readonly string[];
  mapping: ResolvedMapping;
  zone: ZoneReader | undefined;
  country: string | undefined;
  types: TypeRegistry;
  /** A short stable digest of a text (the core passes a cryptographic hash). */
  digest(text: string): string;
}

export interface EventRecord {
  userId: string;
  name: string;
  occurredAt: number;
  offsetMinutes: number;
  isOffline: boolean;
  params: Record<string, ScalarValue>;
  dedupKey: string;
}

export interface ProfileRecord {
  userId: string;
  attrs: Record<string, ScalarValue>;
}

export type RowResult =
  | { type: 'event'; issues: RowIssue[]; rejected: boolean; record: EventRecord | null }
  | { type: 'profile'; issues: RowIssue[]; rejected: boolean; record: ProfileRecord | null };

/** A time without offset and no store zone to read it in: the import cannot go on (asked for, not guessed). */
export class ZoneRequiredError extends Error {
  constructor(readonly column: string, readonly value: string) {
    super(`"${value}" has no UTC offset and no store time zone is known: pass --tz with the store's zone (e.g. Asia/Tokyo)`);
  }
}

export const MAX_CELL_CHARS = 65_536;

const footerWords = /^(?:grand\s*total|total|sub\s*total|sum|合計|総計|小計|総合計|總計|合计|总计|小计|計|计)(?:\s|:|：|$)/i;

// C0 controls, DEL and C1 controls (line breaks and tabs inside an id included).
const controlCharacter = /[\u0000-\u001f\u007f-\u009f]/;

const eventTextTargets: readonly TargetName[] = ['store_id', 'receipt_no', 'line_no', 'sku', 'product_name', 'payment_method', 'page_url', 'event_id'];
const eventNumberTargets: readonly TargetName[] = ['qty', 'unit_price', 'amount'];

export function isBlankRow(cells: readonly string[]): boolean {
  return cells.every((cell) => cell.trim() === '');
}

export function isRepeatedHeader(cells: readonly string[], headers: readonly string[]): boolean {
  return headers.length > 0 && headers.every((header, index) => (cells[index] ?? '').trim() === header.trim());
}

class RowReader {
  readonly issues: RowIssue[] = [];
  /** Types this row would fix; applied only if the row is accepted, so a rejected row decides nothing. */
  readonly newTypes: Array<[scope: 'user' | 'event', name: string, type: AttributeType]> = [];

  constructor(private readonly cells: readonly string[], private readonly context: ValidationContext) {}

  text(target: TargetName): string | undefined {
    const index = this.context.mapping.targets.get(target);
    if (index === undefined) return undefined;
    const value = (this.cells[index] ?? '').trim();
    return value === '' ? undefined : value;
  }

  cell(index: number): string {
    return (this.cells[index] ?? '').trim();
  }

  header(index: number | undefined): string {
    return index === undefined ? '' : (this.context.headers[index] ?? `column ${index + 1}`);
  }

  add(code: IssueCode, target: TargetName | string | undefined, value?: string, detail?: string): void {
    const index = target === undefined ? undefined
      : (this.context.mapping.targets.get(target as TargetName) ?? this.context.mapping.custom.get(target));
    const issue: RowIssue = { code };
    if (index !== undefined) issue.column = this.header(index);
    if (value !== undefined) issue.value = value.length > 200 ? `${value.slice(0, 200)}…` : value;
    if (detail !== undefined) issue.detail = detail;
    this.issues.push(issue);
  }

  get rejected(): boolean {
    return this.issues.some((issue) => isError(issue.code));
  }
}

/** Validates one data row and builds the event or profile it stands for. Never throws on bad data. */
export function validateRow(cells: readonly string[], context: ValidationContext): RowResult {
  const row = new RowReader(cells, context);
  const type = context.kind === 'members' ? 'profile' : 'event';

  cells.forEach((cell, index) => {
    if (cell.length > MAX_CELL_CHARS) row.issues.push({ code: 'cell_too_large', column: row.header(index), detail: `${cell.length} characters` });
  });
  if (row.issues.length > 0) return { type, issues: row.issues, rejected: true, record: null } as RowResult;

  let userId = row.text('user_id');
  // A totals line often says 合計 / Total in its first column, which may be the user_id column: not a user.
  if ((userId === undefined || footerWords.test(userId)) && cells.some((cell) => footerWords.test(cell.trim()))) {
    userId = undefined;
    row.add('missing_user_id', 'user_id');
    row.add('footer_row', undefined);
  } else if (userId === undefined) {
    row.add('missing_user_id', 'user_id');
  } else {
    // Trimming removes spaces and line breaks around an id, not NUL or escapes: `M1\0` would become another customer.
    const control = controlCharacter.exec(userId);
    if (control) row.add('invalid_user_id', 'user_id', userId, `U+${control[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')} at character ${control.index + 1}`);
  }

  if (context.kind === 'members') {
    const attrs = readProfile(row, context);
    const rejected = row.rejected;
    if (!rejected) fixTypes(row, context);
    return { type: 'profile', issues: row.issues, rejected, record: rejected || !userId ? null : { userId, attrs } };
  }
  const event = readEvent(row, context, userId ?? '');
  const rejected = row.rejected;
  if (!rejected) fixTypes(row, context);
  return { type: 'event', issues: row.issues, rejected, record: rejected || !event ? null : event };
}

function fixTypes(row: RowReader, context: ValidationContext): void {
  for (const [scope, name, type] of row.newTypes) context.types.fix(scope, name, type);
}

function readEvent(row: RowReader, context: ValidationContext, userId: string): EventRecord | null {
  const timeText = row.text('occurred_at') ?? '';
  const time = parseTimestamp(timeText, context.zone);
  if (!time.ok) {
    if (time.reason === 'needs_zone') throw new ZoneRequiredError(row.header(context.mapping.targets.get('occurred_at')), timeText);
    row.add('invalid_timestamp', 'occurred_at', timeText);
  }

  let name = 'offline_purchase';
  let isOffline = true;
  if (context.kind === 'online') {
    name = row.text('event_name') ?? '';
    if (name === '') row.add('missing_event_name', 'event_name');
    isOffline = false;
    const offline = row.text('is_offline');
    if (offline !== undefined) {
      const parsed = parseBoolean(offline);
      if (parsed === null) row.add('invalid_boolean', 'is_offline', offline);
      else if (parsed !== undefined) isOffline = parsed;
    }
  }

  const params: Record<string, ScalarValue> = {};
  for (const target of eventTextTargets) {
    const value = row.text(target);
    if (value !== undefined) params[target] = value;
  }
  for (const target of eventNumberTargets) {
    const value = row.text(target);
    if (value === undefined) continue;
    const parsed = parseNumber(value);
    if (parsed === null) row.add('invalid_number', target, value);
    else params[target] = parsed;
  }
  readCustom(row, context, 'event', params);
  if (row.rejected || !time.ok) return null;

  return { userId, name, occurredAt: time.ms, offsetMinutes: time.offsetMinutes, isOffline, params, dedupKey: dedupKey(context, userId, name, time.ms, params) };
}

/** PRODUCT.md §1: (kind, store, receipt, line) when mapped; the online export's event id; else a digest of the row. */
function dedupKey(context: ValidationContext, userId: string, name: string, occurredAt: number, params: Record<string, ScalarValue>): string {
  const { store_id: store, receipt_no: receipt, line_no: line, event_id: eventId } = params;
  if (context.kind === 'pos' && store !== undefined && receipt !== undefined && line !== undefined) {
    return JSON.stringify(['pos', store, receipt, line]);
  }
  if (context.kind === 'online' && eventId !== undefined) return JSON.stringify(['online', eventId]);
  const sorted = Object.keys(params).sort().map((key) => [key, params[key]]);
  return `${context.kind}#${context.digest(JSON.stringify([userId, name, occurredAt, sorted]))}`;
}

function readProfile(row: RowReader, context: ValidationContext): Record<string, ScalarValue> {
  const attrs: Record<string, ScalarValue> = {};
  for (const target of ['name', 'tier', 'home_store'] as const) {
    const value = row.text(target);
    if (value !== undefined) attrs[target] = value;
  }
  const email = row.text('email');
  if (email !== undefined) {
    const normalized = normalizeEmail(email);
    if (normalized === null) row.add('invalid_email', 'email', email);
    else attrs.email = normalized;
  }
  const phone = row.text('phone');
  if (phone !== undefined) {
    const normalized = normalizePhone(phone, context.country);
    if (normalized === null) row.add('invalid_phone', 'phone', phone, context.country ? `country ${context.country}` : undefined);
    else attrs.phone = normalized;
  }
  const joined = row.text('joined_at');
  if (joined !== undefined) {
    const date = parseCalendarDate(joined);
    if (date === null) row.add('invalid_timestamp', 'joined_at', joined);
    else attrs.joined_at = date;
  }
  for (const target of ['email_opt_in', 'sms_opt_in'] as const) {
    const value = row.text(target);
    if (value === undefined) continue;
    const parsed = parseBoolean(value);
    if (parsed === null) row.add('invalid_boolean', target, value);
    else if (parsed !== undefined) attrs[target] = parsed;
  }
  readCustom(row, context, 'user', attrs);
  return attrs;
}

const plainNumber = /^-?(?:0|[1-9]\d{0,14})(?:\.\d+)?$/;

function inferType(value: string): AttributeType {
  if (/^(?:true|false)$/i.test(value)) return 'boolean';
  if (plainNumber.test(value)) return 'number';
  return 'string';
}

function readCustom(row: RowReader, context: ValidationContext, scope: 'user' | 'event', into: Record<string, ScalarValue>): void {
  for (const [name, index] of context.mapping.custom) {
    const raw = row.cell(index);
    if (raw === '') continue;
    let type = context.types.typeOf(scope, name);
    if (type === undefined) {
      type = inferType(raw);
      row.newTypes.push([scope, name, type]);
    }
    if (type === 'number') {
      const parsed = parseNumber(raw);
      if (parsed === null) row.add('type_conflict', name, raw, 'expected a number');
      else into[name] = parsed;
    } else if (type === 'boolean') {
      const parsed = parseBoolean(raw);
      if (parsed === null || parsed === undefined) row.add('type_conflict', name, raw, 'expected true or false');
      else into[name] = parsed;
    } else {
      into[name] = raw;
    }
  }
}
