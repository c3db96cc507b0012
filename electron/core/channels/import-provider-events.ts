import path from 'node:path';
import { findHeader } from '../../../shared/import/column-mapping.ts';
import { listHeaders } from '../../../shared/import/list-headers.ts';
import { parseTimestamp, ZoneReader } from '../../../shared/import/parse-time.ts';
import type { Clock } from '../clock.ts';
import { ShopfloorError } from '../errors.ts';
import { openTextRows } from '../import/text-row-source.ts';
import type { Db } from '../store/open-store.ts';
import { recordTrackingEvents, type TrackingEntry, type TrackingKind } from './tracking-events.ts';

export interface ProviderEventsResult {
  rows: number;
  opens: number;
  clicks: number;
  unsubscribes: number;
  /** Rows naming no message Shopfloor sent (other tools' mail, test sends). */
  unmatched: number;
  ignored: number;
}

// Our Message-ID is <key@domain>; exports write it with or without brackets, or the key alone.
function keyOf(value: string): string {
  return value.trim().replace(/^<|>$/g, '').split('@')[0]!;
}

function kindOf(value: string | undefined): TrackingKind | null {
  const text = (value ?? 'open').trim().toLowerCase();
  if (/^(open|opened|email_open|unique_open)$/.test(text)) return 'email_open';
  if (/^(click|clicked|email_click)$/.test(text)) return 'email_click';
  if (/^(unsubscribe|unsubscribed|email_unsubscribe|spamreport)$/.test(text)) return 'email_unsubscribe';
  return null;
}

/**
 * The email provider's event export (CSV): each open/click/unsubscribe row that names one of our
 * messages (by Message-ID) becomes an event of that message's user, at the time the export gives.
 */
export async function importProviderEvents(db: Db, clock: Clock, file: string, options: { messageColumn?: string; eventColumn?: string; timeColumn?: string; tz?: string } = {}): Promise<ProviderEventsResult> {
  const displayName = path.basename(file);
  const source = openTextRows(file, { displayName });
  const result: ProviderEventsResult = { rows: 0, opens: 0, clicks: 0, unsubscribes: 0, unmatched: 0, ignored: 0 };
  let headers: string[] | null = null;
  let columns = { message: -1, event: -1, time: -1 };
  const zone = options.tz ? new ZoneReader(options.tz) : undefined;
  const entries: TrackingEntry[] = [];
  try {
    for await (const chunk of source.rows()) {
      for (const row of chunk) {
        if (row.cells.every((cell) => cell.trim() === '')) continue;
        if (!headers) {
          headers = row.cells.map((cell) => cell.trim());
          const find = (wanted: string | undefined, fallbacks: string[]) => [wanted, ...fallbacks].filter((name): name is string => !!name).map((name) => findHeader(headers!, name)).find((index) => index >= 0) ?? -1;
          columns = {
            message: find(options.messageColumn, ['message_id', 'message-id', 'smtp-id', 'sg_message_id', 'Message ID']),
            event: find(options.eventColumn, ['event', 'event_type', 'type']),
            time: find(options.timeColumn, ['timestamp', 'time', 'date', 'occurred_at']),
          };
          if (columns.message < 0) throw new ShopfloorError('unmapped_required', `no column with the message id (columns: ${listHeaders(headers)}); name it with --message-column`, { file: displayName, row: row.rowNo });
          continue;
        }
        result.rows += 1;
        const kind = kindOf(columns.event >= 0 ? row.cells[columns.event] : undefined);
        if (!kind) {
          result.ignored += 1;
          continue;
        }
        let occurred: number | undefined;
        if (columns.time >= 0) {
          const text = row.cells[columns.time] ?? '';
          const parsed = /^\d{9,10}$/.test(text.trim()) ? { ok: true as const, ms: Number(text.trim()) * 1000 } : parseTimestamp(text, zone);
          if (!parsed.ok) throw new ShopfloorError('invalid_timestamp', `"${text}" is not a time (give --tz for times without an offset)`, { file: displayName, row: row.rowNo, column: headers[columns.time] });
          occurred = parsed.ms;
        }
        entries.push({ key: keyOf(row.cells[columns.message] ?? ''), kind, ...(occurred !== undefined ? { occurredAt: occurred } : {}) });
      }
    }
  } finally {
    await source.close();
  }
  // One batch for the whole export; rows that name none of our messages are counted, not stored.
  const known = new Set((db.prepare(`SELECT idempotency_key FROM messages WHERE idempotency_key IN (SELECT value FROM json_each(?))`).pluck()
    .all(JSON.stringify(entries.map((entry) => entry.key))) as string[]));
  const matched = entries.filter((entry) => known.has(entry.key));
  recordTrackingEvents(db, clock, matched, displayName);
  result.unmatched = entries.length - matched.length;
  for (const entry of matched) {
    if (entry.kind === 'email_open') result.opens += 1;
    else if (entry.kind === 'email_click') result.clicks += 1;
    else result.unsubscribes += 1;
  }
  return result;
}
