import { compareCount, matchesEvent, matchesPredicates, type Scalar } from '../../../shared/journey/conditions.ts';
import type { Predicate, Segment } from '../../../shared/journey/definition.ts';
import type { Db } from '../store/open-store.ts';
import type { EngineData, EngineEvent, Ingestion } from './engine-types.ts';
import { countWindow } from './segment-window.ts';

interface EventRow {
  user_id: string;
  name: string;
  occurred_at: number;
  is_offline: number;
  params: string;
}

function toEvent(row: EventRow): EngineEvent {
  return { userId: row.user_id, name: row.name, occurredAt: row.occurred_at, isOffline: row.is_offline === 1, params: JSON.parse(row.params) as Record<string, Scalar> };
}

// Only plain text equality is pushed into SQL; numbers and booleans written as text are compared in JS.
function sqlPrefilter(predicate: Predicate): { sql: string; value: string } | null {
  if (predicate.op !== 'eq' || typeof predicate.value !== 'string' || predicate.key === 'user_id') return null;
  if (predicate.value.trim() === '' || Number.isFinite(Number(predicate.value)) || /^(true|false)$/i.test(predicate.value)) return null;
  return { sql: `json_extract(attrs, '$.${predicate.key}') = ?`, value: predicate.value };
}

/** What a live journey reads: committed data only, as visible at a processing time (committed_at ≤ at). */
export class SqliteEngineData implements EngineData {
  private readonly statements;

  constructor(private readonly db: Db, private readonly journeyId: number, private readonly eventNames: ReadonlySet<string>) {
    this.statements = {
      profile: db.prepare('SELECT attrs FROM users WHERE user_id = ?').pluck(),
      // The profile before the first change committed after an instant is the profile as it was then.
      firstChangeAfter: db.prepare(`SELECT pc.before FROM profile_changes pc JOIN batches b ON b.id = pc.batch_id
          WHERE pc.user_id = ? AND b.status = 'committed' AND b.committed_at > ? ORDER BY b.commit_seq LIMIT 1`),
      changedAfter: db.prepare(`SELECT DISTINCT user_id FROM profile_changes
          WHERE batch_id IN (SELECT id FROM batches WHERE status = 'committed' AND committed_at > ?)`).pluck(),
      userEvents: db.prepare(`SELECT e.user_id, e.name, e.occurred_at, e.is_offline, e.params FROM events e JOIN batches b ON b.id = e.batch_id
          WHERE e.user_id = ? AND e.name = ? AND e.occurred_at >= ? AND e.occurred_at <= ? AND b.status = 'committed' AND b.committed_at <= ?`),
      usersWithEvents: db.prepare(`SELECT DISTINCT e.user_id FROM events e JOIN batches b ON b.id = e.batch_id
          WHERE e.name = ? AND e.occurred_at >= ? AND e.occurred_at <= ? AND b.status = 'committed' AND b.committed_at <= ?`).pluck(),
      nextBatch: db.prepare(`SELECT id, commit_seq, committed_at FROM batches WHERE status = 'committed'
          AND commit_seq > (SELECT ingest_seq FROM journeys WHERE id = ?) ORDER BY commit_seq LIMIT 1`),
      setCursor: db.prepare('UPDATE journeys SET ingest_seq = ? WHERE id = ?'),
    };
  }

  profile(userId: string, at: number): Record<string, unknown> | null {
    const change = this.statements.firstChangeAfter.get(userId, at) as { before: string | null } | undefined;
    const attrs = change ? change.before : (this.statements.profile.get(userId) as string | undefined) ?? null;
    return attrs === null ? null : { ...(JSON.parse(attrs) as Record<string, unknown>), user_id: userId };
  }

  userMatches(userId: string, segment: Segment, at: number, profile?: Record<string, unknown> | null): boolean {
    if (segment.attributes.length > 0 && !matchesPredicates((profile === undefined ? this.profile(userId, at) : profile) ?? { user_id: userId }, segment.attributes)) return false;
    return segment.events.every((count) => {
      const [from, to] = countWindow(count, at);
      const rows = this.statements.userEvents.all(userId, count.event.name, from, to, at) as EventRow[];
      const matching = rows.filter((row) => matchesEvent(count.event, toEvent(row))).length;
      return compareCount(matching, count.count.op, count.count.value);
    });
  }

  *usersMatching(segment: Segment, at: number, skip?: (userId: string) => boolean): Iterable<string> {
    const positive = segment.events.find((count) => (count.count.op === 'gte' || count.count.op === 'gt') && count.count.value + (count.count.op === 'gt' ? 1 : 0) >= 1);
    let candidates: Iterable<string>;
    if (segment.attributes.length === 0 && positive) {
      const [from, to] = countWindow(positive, at);
      candidates = this.statements.usersWithEvents.all(positive.event.name, from, to, at) as string[];
    } else {
      const filters = segment.attributes.map(sqlPrefilter).filter((filter) => filter !== null);
      const where = filters.length > 0 ? `WHERE ${filters.map((filter) => filter.sql).join(' AND ')}` : '';
      const now = this.db.prepare(`SELECT user_id FROM users ${where}`).pluck().all(...filters.map((filter) => filter.value)) as string[];
      // The prefilter reads profiles as they are now; a catch-up evaluating a past instant also looks at
      // everyone whose profile changed since, and each candidate is then checked as it was at `at`.
      const changed = this.statements.changedAfter.all(at) as string[];
      candidates = changed.length === 0 ? now.sort() : [...new Set([...now, ...changed])].sort();
      for (const userId of candidates) {
        if (skip?.(userId)) continue;
        const profile = this.profile(userId, at);
        if (profile !== null && this.userMatches(userId, segment, at, profile)) yield userId;
      }
      return;
    }
    for (const userId of candidates) if (!skip?.(userId) && this.userMatches(userId, segment, at)) yield userId;
  }

  nextIngestion(until: number): Ingestion | null {
    const batch = this.statements.nextBatch.get(this.journeyId) as { id: number; commit_seq: number; committed_at: number } | undefined;
    if (!batch || batch.committed_at > until) return null;
    const names = [...this.eventNames];
    // Paged by id: the connection cannot run the engine's writes while a statement iterates.
    const page = this.db.prepare(`SELECT id, user_id, name, occurred_at, is_offline, params FROM events WHERE batch_id = ? AND id > ?
        AND name IN (${names.map(() => '?').join(', ')}) ORDER BY id LIMIT 5000`);
    return {
      at: batch.committed_at,
      events: {
        *[Symbol.iterator]() {
          for (let after = 0; ;) {
            const rows = page.all(batch.id, after, ...names) as Array<EventRow & { id: number }>;
            if (rows.length === 0) return;
            after = rows[rows.length - 1]!.id;
            for (const row of rows) yield toEvent(row);
          }
        },
      },
      done: () => {
        this.statements.setCursor.run(batch.commit_seq, this.journeyId);
      },
    };
  }
}
