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

/** Which events a journey's conditions, goal and exit can read (by name: online, offline or both), and which profile attributes. */
function whatItReads(definition: JourneyDefinition): { offline: Map<string, boolean | null>; readsParams: boolean; attributes: string[] } {
  const conditions: EventCondition[] = [];
  const attributes = new Set<string>();
  if (definition.goal) conditions.push(definition.goal.event);
  if (definition.exit) conditions.push(definition.exit.event);
  for (const node of definition.nodes) {
    if (node.type === 'entry_event' || node.type === 'wait_for') conditions.push(node.event);
    const segment = node.type === 'entry_past' ? node.segment : node.type === 'check' ? node.condition : undefined;
    for (const count of segment?.events ?? []) conditions.push(count.event);
    for (const predicate of segment?.attributes ?? []) attributes.add(predicate.key);
    // The consent and address a send checks (a preview renders no template).
    if (node.type === 'send_email') ['email_opt_in', 'email'].forEach((key) => attributes.add(key));
    if (node.type === 'send_sms') ['sms_opt_in', 'phone'].forEach((key) => attributes.add(key));
  }
  attributes.delete('user_id');
  const offline = new Map<string, boolean | null>();
  for (const condition of conditions) {
    // Opens recorded in the store belong to real messages, not to the preview's own.
    if (condition.name === 'email_open') continue;
    const wanted = condition.is_offline ?? null;
    offline.set(condition.name, offline.has(condition.name) && offline.get(condition.name) !== wanted ? null : wanted);
  }
  return { offline, readsParams: conditions.some((condition) => condition.params.length > 0), attributes: [...attributes].sort() };
}

/**
 * The last instant a preview's engine can see an event by: no event reaches it later than its period's
 * end. An assumed upload (a lag, a daily upload) is never before the event happened, so what happened
 * after the end is never seen; replaying real uploads, what was committed after the end is not.
 */
export interface PreviewHorizon {
  by: 'occurred' | 'committed';
  at: number;
}

/** For a preview of `days` from `from` under this upload model. */
export function previewHorizon(upload: { mode: string; lagMs?: number }, from: number, days: number): PreviewHorizon {
  const to = from + days * 86_400_000;
  // (A lag below zero would upload an event before it happened.)
  return upload.mode === 'recorded' ? { by: 'committed', at: to } : { by: 'occurred', at: to + Math.max(0, -(upload.lagMs ?? 0)) };
}

// What the app has loaded last, reused while the store's data has not changed (a marketer previews again
// after each edit of a journey). Keyed by everything that changes what a preview reads; a horizon as late
// or later (or none) holds every event an earlier one needs.
let cached: { key: string; horizon: PreviewHorizon | null; profiles: Map<string, Record<string, unknown>>; events: PreviewEvents } | null = null;

/** Forgets what was loaded: the next preview reads the store again. */
export function forgetPreviewData(): void {
  cached = null;
}

function covers(loaded: PreviewHorizon | null, wanted: PreviewHorizon | null): boolean {
  return loaded === null || (wanted !== null && loaded.by === wanted.by && loaded.at >= wanted.at);
}

function storeState(db: Db): string {
  const state = db.prepare(`SELECT (SELECT max(commit_seq) FROM batches), (SELECT max(rolled_back_at) FROM batches),
      (SELECT count(*) FROM users), (SELECT max(updated_at) FROM users), (SELECT count(*) FROM events),
      (SELECT max(id) FROM erasures)`).raw().get() as unknown[];
  return `${db.name}|${state.join('|')}`;
}

// Rows are read in chunks of this many row ids, each chunk as a few JSON arrays built by SQLite: a
// million rows cost half as much as a million row objects handed over one by one.
const CHUNK = 10_000;

/** Each profile with only the attributes the journey reads (`->` keeps JSON types: booleans stay booleans). */
function loadProfiles(db: Db, attributes: readonly string[]): Map<string, Record<string, unknown>> {
  // Safe to write into the SQL: journey attribute names are [a-z_][a-z0-9_]* (checked when the journey is parsed).
  // Values by position, one array per profile: object keys repeated 100,000 times cost a third more.
  const values = ['user_id', ...attributes.map((key) => `json(attrs -> '$.${key}')`)];
  const profiles = new Map<string, Record<string, unknown>>();
  const chunks = db.prepare(`SELECT json_group_array(json_array(${values.join(', ')})) FROM users GROUP BY rowid / ${CHUNK}`).pluck().iterate() as IterableIterator<string>;
  for (const chunk of chunks) {
    for (const row of JSON.parse(chunk) as unknown[][]) {
      const profile: Record<string, unknown> = { user_id: row[0] };
      for (let index = 0; index < attributes.length; index++) {
        const value = row[index + 1];
        // Set by name: a journey cannot name __proto__ or another reserved key (isValidAttributeName).
        if (value !== null) profile[attributes[index]!] = value;
      }
      profiles.set(row[0] as string, profile);
    }
  }
  return profiles;
}

function loadEvents(db: Db, offline: Map<string, boolean | null>, readsParams: boolean, horizon: PreviewHorizon | null): PreviewEvents {
  const names = [...offline.keys()];
  const events: PreviewEvents = {
    count: 0, users: [], names, user: new Int32Array(0), name: new Uint8Array(0), occurredAt: new Float64Array(0),
    isOffline: new Uint8Array(0), committedAt: new Float64Array(0), params: readsParams ? [] : null,
  };
  if (names.length === 0) return events;
  const committed = new Map((db.prepare("SELECT id, committed_at FROM batches WHERE status = 'committed'").raw().all() as Array<[number, number]>));
  const filters = names.map((name) => (offline.get(name) === null ? '(name = ?)' : '(name = ? AND is_offline = ?)'));
  const values = names.flatMap((name) => (offline.get(name) === null ? [name] : [name, offline.get(name) ? 1 : 0]));
  const userIndex = new Map<string, number>();
  const visible = horizon === null ? '' : horizon.by === 'occurred' ? 'occurred_at <= ?'
    : "batch_id IN (SELECT id FROM batches WHERE status = 'committed' AND committed_at <= ?)";
  let capacity = 0;
  if (horizon) {
    // Every user with such an event, in the order of their first one, whatever its time: the order in
    // which events arriving together reach the engine, and who a segment can take in, are as with every
    // event loaded. Counted on the way: the events to load.
    const users = db.prepare(`SELECT user_id, count(*) FILTER (WHERE ${visible}) FROM events
        WHERE (${filters.join(' OR ')}) AND batch_id IN (SELECT id FROM batches WHERE status = 'committed')
        GROUP BY user_id ORDER BY min(id)`).raw().all(horizon.at, ...values) as Array<[string, number]>;
    for (const [userId, count] of users) {
      userIndex.set(userId, events.users.length);
      events.users.push(userId);
      capacity += count;
    }
    values.push(horizon.at);
  }
  const where = `(${filters.join(' OR ')})${horizon ? ` AND ${visible}` : ''}`;
  if (!horizon) capacity = db.prepare(`SELECT count(*) FROM events WHERE ${where}`).pluck().get(...values) as number;
  Object.assign(events, {
    user: new Int32Array(capacity), name: new Uint8Array(capacity), occurredAt: new Float64Array(capacity),
    isOffline: new Uint8Array(capacity), committedAt: new Float64Array(capacity),
  });
  const nameCase = `CASE name ${names.map((_, index) => `WHEN ? THEN ${index}`).join(' ')} END`;
  const chunks = db.prepare(`SELECT json_group_array(user_id), group_concat(${nameCase}), group_concat(occurred_at), group_concat(is_offline), group_concat(batch_id)
      ${readsParams ? ', json_group_array(json(params))' : ''} FROM events WHERE ${where} GROUP BY id / ${CHUNK}`)
    .raw().iterate(...names, ...values) as IterableIterator<[string, string, string, string, string, string?]>;
  let count = 0;
  for (const [userIds, nameIds, occurred, offlines, batches, params] of chunks) {
    const users = JSON.parse(userIds) as string[];
    const nameList = nameIds.split(',');
    const occurredList = occurred.split(',');
    const offlineList = offlines.split(',');
    const batchList = batches.split(',');
    const paramList = params === undefined ? null : JSON.parse(params) as Array<Record<string, Scalar>>;
    for (let row = 0; row < users.length && count < capacity; row++) {
      const committedAt = committed.get(Number(batchList[row]));
      // Staged events are in the table too, but not yet part of the store journeys read.
      if (committedAt === undefined) continue;
      const userId = users[row]!;
      let user = userIndex.get(userId);
      if (user === undefined) {
        user = events.users.length;
        userIndex.set(userId, user);
        events.users.push(userId);
      }
      events.user[count] = user;
      events.name[count] = Number(nameList[row]);
      events.occurredAt[count] = Number(occurredList[row]);
      events.isOffline[count] = Number(offlineList[row]);
      events.committedAt[count] = committedAt;
      if (events.params) events.params.push(paramList![row]!);
      count += 1;
    }
  }
  events.count = count;
  return events;
}

/**
 * Reads what a preview needs: every profile with the attributes the journey reads, the changes to
 * them committed after `since` (so a preview replaying real uploads sees each profile as it was known
 * then, as the engine does), and the committed events the journey's conditions, goal and exit can read —
 * only those names (and online or offline side), parameters only when a condition reads them. Profiles and events are
 * kept for the next preview of the same store while its data has not changed. With a `horizon`, only the
 * events the preview can see by its end are loaded (a preview of November reads none from January).
 */
export function loadPreviewData(db: Db, definition: JourneyDefinition, since = Infinity, horizon: PreviewHorizon | null = null): PreviewData {
  // (`since`: give it only when replaying real uploads; other upload models take profiles as they are.)
  const { offline, readsParams, attributes } = whatItReads(definition);
  // One read transaction: the state the key names, the customers, the events and the profile changes are
  // one snapshot, even while another process commits an upload.
  return db.transaction((): PreviewData => {
    const key = `${storeState(db)}|${[...offline].join(',')}|${readsParams}|${attributes.join(',')}`;
    if (cached?.key !== key || !covers(cached.horizon, horizon)) {
      // What was kept goes first: two stores' worth of events are not held at once.
      cached = null;
      cached = { key, horizon, profiles: loadProfiles(db, attributes), events: loadEvents(db, offline, readsParams, horizon) };
    }
    return { profiles: cached.profiles, history: since === Infinity ? new Map() : profileHistory(db, since), events: cached.events };
  })();
}

/** The profile changes committed after `since`, per user in commit order: what each profile was before. */
function profileHistory(db: Db, since: number): Map<string, ProfileChange[]> {
  const history = new Map<string, ProfileChange[]>();
  const changes = db.prepare(`SELECT pc.user_id, pc.before, b.committed_at FROM profile_changes pc JOIN batches b ON b.id = pc.batch_id
      WHERE b.status = 'committed' AND b.committed_at > ? ORDER BY b.commit_seq`).raw().iterate(since) as IterableIterator<[string, string | null, number]>;
  for (const [userId, before, committedAt] of changes) {
    const change = { at: committedAt, before: before === null ? null : { ...(JSON.parse(before) as Record<string, unknown>), user_id: userId } };
    const list = history.get(userId);
    if (list) list.push(change);
    else history.set(userId, [change]);
  }
  return history;
}
