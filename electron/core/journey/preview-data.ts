import type { Scalar } from '../../../shared/journey/conditions.ts';
import type { EventCondition, JourneyDefinition } from '../../../shared/journey/definition.ts';
import type { Db } from '../store/open-store.ts';
import type { ProfileChange } from './memory-engine-data.ts';

/**
 * The committed events a preview can read, one column per field (a million events as a few typed
 * arrays rather than a million objects): event `i` is user `users[user[i]]`, named `names[name[i]]`.
 */
export interface PreviewEvents {
  count: number;
  users: string[];
  names: string[];
  user: Int32Array;
  name: Uint8Array;
  occurredAt: Float64Array;
  isOffline: Uint8Array;
  committedAt: Float64Array;
  /** Parameters, only when one of the journey's conditions reads them. */
  params: Array<Record<string, Scalar>> | null;
}

export interface PreviewData {
  profiles: Map<string, Record<string, unknown>>;
  /** Profile changes committed after `since`, per user in commit order: what each profile was before. */
  history: Map<string, ProfileChange[]>;
  events: PreviewEvents;
}

/** Which events a journey's conditions, goal and exit can read: by name, online, offline or both (null). */
function wantedEvents(definition: JourneyDefinition): { offline: Map<string, boolean | null>; readsParams: boolean } {
  const conditions: EventCondition[] = [];
  if (definition.goal) conditions.push(definition.goal.event);
  if (definition.exit) conditions.push(definition.exit.event);
  for (const node of definition.nodes) {
    if (node.type === 'entry_event' || node.type === 'wait_for') conditions.push(node.event);
    const segment = node.type === 'entry_past' ? node.segment : node.type === 'check' ? node.condition : undefined;
    for (const count of segment?.events ?? []) conditions.push(count.event);
  }
  const offline = new Map<string, boolean | null>();
  for (const condition of conditions) {
    // Opens recorded in the store belong to real messages, not to the preview's own.
    if (condition.name === 'email_open') continue;
    const wanted = condition.is_offline ?? null;
    offline.set(condition.name, offline.has(condition.name) && offline.get(condition.name) !== wanted ? null : wanted);
  }
  return { offline, readsParams: conditions.some((condition) => condition.params.length > 0) };
}

// What the app has loaded last, reused while the store's data has not changed (a marketer previews again
// after each edit of a journey). Keyed by everything that changes what a preview reads.
let cached: { key: string; profiles: Map<string, Record<string, unknown>>; events: PreviewEvents } | null = null;

function storeState(db: Db): string {
  const state = db.prepare(`SELECT (SELECT max(commit_seq) FROM batches), (SELECT max(rolled_back_at) FROM batches),
      (SELECT count(*) FROM users), (SELECT max(updated_at) FROM users), (SELECT count(*) FROM events)`).raw().get() as unknown[];
  return `${db.name}|${state.join('|')}`;
}

function loadProfiles(db: Db): Map<string, Record<string, unknown>> {
  const profiles = new Map<string, Record<string, unknown>>();
  for (const [userId, attrs] of db.prepare('SELECT user_id, attrs FROM users').raw().iterate() as IterableIterator<[string, string]>) {
    const profile = JSON.parse(attrs) as Record<string, unknown>;
    profile.user_id = userId;
    profiles.set(userId, profile);
  }
  return profiles;
}

function loadEvents(db: Db, offline: Map<string, boolean | null>, readsParams: boolean): PreviewEvents {
  const names = [...offline.keys()];
  const committed = new Map((db.prepare("SELECT id, committed_at FROM batches WHERE status = 'committed'").raw().all() as Array<[number, number]>));
  const filters = names.map((name) => (offline.get(name) === null ? '(name = ?)' : '(name = ? AND is_offline = ?)'));
  const values = names.flatMap((name) => (offline.get(name) === null ? [name] : [name, offline.get(name) ? 1 : 0]));
  let capacity = 1024;
  const events: PreviewEvents = {
    count: 0, users: [], names, user: new Int32Array(capacity), name: new Uint8Array(capacity), occurredAt: new Float64Array(capacity),
    isOffline: new Uint8Array(capacity), committedAt: new Float64Array(capacity), params: readsParams ? [] : null,
  };
  if (names.length === 0) return events;
  const grow = () => {
    capacity *= 2;
    const user = new Int32Array(capacity);
    user.set(events.user);
    const name = new Uint8Array(capacity);
    name.set(events.name);
    const occurredAt = new Float64Array(capacity);
    occurredAt.set(events.occurredAt);
    const isOffline = new Uint8Array(capacity);
    isOffline.set(events.isOffline);
    const committedAt = new Float64Array(capacity);
    committedAt.set(events.committedAt);
    Object.assign(events, { user, name, occurredAt, isOffline, committedAt });
  };
  const userIndex = new Map<string, number>();
  const nameIndex = new Map(names.map((name, index) => [name, index]));
  const rows = db.prepare(`SELECT user_id, name, occurred_at, is_offline, batch_id${readsParams ? ', params' : ''} FROM events WHERE ${filters.join(' OR ')}`)
    .raw().iterate(...values) as IterableIterator<[string, string, number, number, number, string?]>;
  let count = 0;
  for (const [userId, name, occurredAt, isOffline, batchId, params] of rows) {
    const committedAt = committed.get(batchId);
    // Staged events are in the table too, but not yet part of the store journeys read.
    if (committedAt === undefined) continue;
    if (count === capacity) grow();
    let user = userIndex.get(userId);
    if (user === undefined) {
      user = events.users.length;
      userIndex.set(userId, user);
      events.users.push(userId);
    }
    events.user[count] = user;
    events.name[count] = nameIndex.get(name)!;
    events.occurredAt[count] = occurredAt;
    events.isOffline[count] = isOffline;
    events.committedAt[count] = committedAt;
    if (events.params) events.params.push(JSON.parse(params!) as Record<string, Scalar>);
    count += 1;
  }
  events.count = count;
  return events;
}

/**
 * Reads what a preview needs: every profile, the changes to them committed after `since` (so a preview
 * over a past period sees each profile as it was known then, as the engine does), and the committed
 * events the journey's conditions, goal and exit can read — only those names (and online or offline
 * side), only the columns read, parameters only when a condition reads them. Profiles and events are
 * kept for the next preview of the same store while its data has not changed.
 */
export function loadPreviewData(db: Db, definition: JourneyDefinition, since = Infinity): PreviewData {
  const { offline, readsParams } = wantedEvents(definition);
  const key = `${storeState(db)}|${[...offline].join(',')}|${readsParams}`;
  if (cached?.key !== key) {
    cached = null;
    cached = { key, profiles: loadProfiles(db), events: loadEvents(db, offline, readsParams) };
  }
  const history = new Map<string, ProfileChange[]>();
  if (since !== Infinity) {
    const changes = db.prepare(`SELECT pc.user_id, pc.before, b.committed_at FROM profile_changes pc JOIN batches b ON b.id = pc.batch_id
        WHERE b.status = 'committed' AND b.committed_at > ? ORDER BY b.commit_seq`).raw().iterate(since) as IterableIterator<[string, string | null, number]>;
    for (const [userId, before, committedAt] of changes) {
      const change = { at: committedAt, before: before === null ? null : { ...(JSON.parse(before) as Record<string, unknown>), user_id: userId } };
      const list = history.get(userId);
      if (list) list.push(change);
      else history.set(userId, [change]);
    }
  }
  return { profiles: cached.profiles, history, events: cached.events };
}
