import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { DateTime } from 'luxon';
import { formatOffset } from '../../../shared/import/parse-time.ts';
import type { Clock } from '../clock.ts';
import { sendSettings } from '../settings/engine-settings.ts';
import { makePrivateDir, openPrivateForWrite } from '../privacy/private-files.ts';
import type { Db } from '../store/open-store.ts';
import type { UpstreamConfig } from './upstream-settings.ts';

type Cell = string | number | boolean | null;

// RFC 4180: quote a field holding a delimiter, a quote or a line break (papaparse's unparse per row was the bottleneck).
function csvLine(cells: readonly Cell[]): string {
  let line = '';
  for (let index = 0; index < cells.length; index++) {
    const cell = cells[index];
    const text = cell === null || cell === undefined ? '' : String(cell);
    if (index > 0) line += ',';
    line += /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  }
  return `${line}\n`;
}

function isoWithOffset(ms: number, offsetMinutes: number): string {
  return new Date(ms + offsetMinutes * 60_000).toISOString().replace('Z', formatOffset(offsetMinutes));
}

function flat(value: unknown): Cell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  return JSON.stringify(value);
}

/**
 * Writes one batch's rows as upload files of at most `max_bytes` (UTF-8 without BOM, a header row, flat
 * values), each a job keyed by a hash of its content: planning the same batch again after a crash gives
 * the same files and keys, so nothing is duplicated upstream.
 */
function writeParts(spoolDir: string, name: string, header: readonly string[], rows: Iterable<Cell[]>, maxBytes: number): Array<{ spool: string; rows: number; bytes: number; key: string }> {
  const parts: Array<{ spool: string; rows: number; bytes: number; key: string }> = [];
  const headerLine = csvLine(header as string[]);
  let current: { spool: string; fd: number; hash: crypto.Hash; rows: number; bytes: number; pending: string[]; pendingBytes: number } | null = null;
  // Written in 1 MB slices: a part of 100 MB is never held in memory.
  const drain = () => {
    if (!current || current.pending.length === 0) return;
    const buffer = Buffer.from(current.pending.join(''), 'utf8');
    fs.writeSync(current.fd, buffer);
    current.hash.update(buffer);
    current.pending = [];
    current.pendingBytes = 0;
  };
  const close = () => {
    if (!current) return;
    drain();
    fs.closeSync(current.fd);
    parts.push({ spool: current.spool, rows: current.rows, bytes: current.bytes, key: current.hash.digest('hex').slice(0, 40) });
    current = null;
  };
  const add = (line: string, bytes: number) => {
    current!.pending.push(line);
    current!.pendingBytes += bytes;
    current!.bytes += bytes;
    if (current!.pendingBytes >= 1024 * 1024) drain();
  };
  for (const row of rows) {
    const line = csvLine(row);
    const bytes = Buffer.byteLength(line);
    if (current && current.bytes + bytes > maxBytes && current.rows > 0) close();
    if (!current) {
      const spool = path.join(spoolDir, `${name}-${parts.length + 1}.csv`);
      current = { spool, fd: openPrivateForWrite(spool), hash: crypto.createHash('sha256'), rows: 0, bytes: 0, pending: [], pendingBytes: 0 };
      add(headerLine, Buffer.byteLength(headerLine));
    }
    add(line, bytes);
    current.rows += 1;
  }
  close();
  return parts;
}

/**
 * `from` (YYYY-MM-DD) as an instant: midnight starting that day in the store's zone (its own setting,
 * else the zone its import was read in, else the stores' zone). A day does not start at the same instant
 * everywhere: a cutoff taken at the earliest midnight on Earth (UTC+14) sent a Tokyo store's evening of
 * the day before, which the user had chosen not to send.
 */
function fromCutoff(db: Db, from: string): { earliest: number; at(storeId: unknown, batchZone: string | null): number } {
  const storeZones = new Map((db.prepare('SELECT store_id, tz FROM stores WHERE tz IS NOT NULL').all() as Array<{ store_id: string; tz: string }>).map((store) => [store.store_id, store.tz]));
  const defaultZone = sendSettings(db).zone;
  const byZone = new Map<string, number>();
  const midnight = (zone: string) => {
    let at = byZone.get(zone);
    if (at === undefined) {
      at = DateTime.fromISO(from, { zone }).startOf('day').toMillis();
      byZone.set(zone, at);
    }
    return at;
  };
  return {
    // No zone is ahead of UTC+14: the database skips everything earlier, the exact test is per event.
    earliest: Date.parse(`${from}T00:00:00Z`) - 14 * 3_600_000,
    at: (storeId, batchZone) => midnight((typeof storeId === 'string' ? storeZones.get(storeId) : undefined) ?? batchZone ?? defaultZone),
  };
}

/** Turns every committed batch not yet planned into upload jobs, in commit order. */
export function planUpstreamJobs(db: Db, clock: Clock, config: UpstreamConfig, spoolDir: string): number {
  makePrivateDir(spoolDir);
  const planned = (db.prepare("SELECT value FROM settings WHERE key = 'upstream.planned_seq'").pluck().get() as string | undefined) ?? '0';
  const batches = db.prepare(`SELECT id, kind, commit_seq, tz FROM batches WHERE status = 'committed' AND commit_seq > ? AND path NOT LIKE 'tracking:%' ORDER BY commit_seq`)
    .all(Number(planned)) as Array<{ id: number; kind: string; commit_seq: number; tz: string | null }>;
  const cutoff = config.from === null ? null : fromCutoff(db, config.from);
  let jobs = 0;
  for (const batch of batches) {
    const insert = db.prepare(`INSERT OR IGNORE INTO upstream_jobs (batch_id, kind, part, rows, bytes, spool, idempotency_key, status, created_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, 'queued', ?)`);
    let parts: ReturnType<typeof writeParts> = [];
    let kind: 'users' | 'events' | null = null;
    if (batch.kind === 'members' && config.push_users) {
      kind = 'users';
      const changes = db.prepare('SELECT user_id, after FROM profile_changes WHERE batch_id = ? ORDER BY user_id').all(batch.id) as Array<{ user_id: string; after: string }>;
      const attributes = [...new Set(changes.flatMap((change) => Object.keys(JSON.parse(change.after) as object)))].sort();
      parts = writeParts(spoolDir, `batch${batch.id}-users`, ['user_id', ...attributes],
        changes.map((change) => {
          const after = JSON.parse(change.after) as Record<string, unknown>;
          return [change.user_id, ...attributes.map((name) => flat(after[name]))];
        }), config.max_bytes);
    } else if (batch.kind === 'pos' && config.push_events) {
      kind = 'events';
      // The batch's mapping names every parameter its events can carry: no pass over the rows to find them.
      const mapping = JSON.parse(db.prepare('SELECT mapping FROM batches WHERE id = ?').pluck().get(batch.id) as string) as Record<string, string>;
      const paramNames = Object.keys(mapping).filter((name) => !['user_id', 'occurred_at', 'event_name', 'is_offline'].includes(name)).sort();
      const rows = db.prepare('SELECT user_id, name, occurred_at, utc_offset, params FROM events WHERE batch_id = ? AND is_offline = 1 AND occurred_at >= ? ORDER BY id')
        .iterate(batch.id, cutoff?.earliest ?? -Infinity) as IterableIterator<{ user_id: string; name: string; occurred_at: number; utc_offset: number; params: string }>;
      parts = writeParts(spoolDir, `batch${batch.id}-events`, ['user_id', 'event_name', 'event_time', 'is_offline', ...paramNames], (function* () {
        for (const row of rows) {
          const params = JSON.parse(row.params) as Record<string, unknown>;
          if (cutoff && row.occurred_at < cutoff.at(params.store_id, batch.tz)) continue;
          yield [String(row.user_id), row.name, isoWithOffset(row.occurred_at, row.utc_offset), true, ...paramNames.map((name) => flat(params[name]))];
        }
      })(), config.max_bytes);
    }
    db.transaction(() => {
      parts.forEach((part, index) => {
        jobs += insert.run(batch.id, kind, index + 1, part.rows, part.bytes, part.spool, part.key, clock.now()).changes;
      });
      db.prepare("INSERT INTO settings (key, value) VALUES ('upstream.planned_seq', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value").run(String(batch.commit_seq));
    }).immediate();
  }
  return jobs;
}
