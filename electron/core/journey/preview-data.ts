import type { Scalar } from '../../../shared/journey/conditions.ts';
import type { EventCondition, JourneyDefinition } from '../../../shared/journey/definition.ts';
import type { Db } from '../store/open-store.ts';
import type { WorkerScript } from '../worker-script.ts';
import type { ProfileChange } from './memory-engine-data.ts';
import { namesFilter, previewCustomers, storeState, type PreviewNames } from './preview-customers.ts';
import { customersInBackground } from './preview-customers-thread.ts';

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
  /** Where the customers were read: beside the rest, or on a worker thread meanwhile (`loadPreviewData`). */
  customersRead: 'here' | 'worker';
}

/** Which events a journey's conditions, goal and exit can read (by name: online, offline or both), and which profile attributes. */
function whatItReads(definition: JourneyDefinition): WhatItReads {
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
  return { names: [...offline], readsParams: conditions.some((condition) => condition.params.length > 0), attributes: [...attributes].sort() };
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
let cached: { key: string; horizon: PreviewHorizon | null; profiles: Map<string, Record<string, unknown>>; events: PreviewEvents; customersRead: PreviewData['customersRead'] } | null = null;

/** Forgets what was loaded: the next preview reads the store again. */
export function forgetPreviewData(): void {
  cached = null;
}

function covers(loaded: PreviewHorizon | null, wanted: PreviewHorizon | null): boolean {
  return loaded === null || (wanted !== null && loaded.by === wanted.by && loaded.at >= wanted.at);
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

/** The columns of `events` with room for at least `capacity` events (what is there is kept). */
function withCapacity(events: PreviewEvents, capacity: number): void {
  const grown = <T extends Int32Array | Uint8Array | Float64Array>(array: T, make: new (length: number) => T): T => {
    const larger = new make(capacity);
    larger.set(array);
    return larger;
  };
  events.user = grown(events.user, Int32Array);
  events.name = grown(events.name, Uint8Array);
  events.occurredAt = grown(events.occurredAt, Float64Array);
  events.isOffline = grown(events.isOffline, Uint8Array);
  events.committedAt = grown(events.committedAt, Float64Array);
}

/**
 * The committed events of these names (up to the horizon), in id order. `users` lists their users in the
 * order of their first event loaded: with every event loaded that is the order events arriving together
 * reach the engine; with a horizon, `inCustomerOrder` puts it right.
 */
function loadEvents(db: Db, names: PreviewNames, readsParams: boolean, horizon: PreviewHorizon | null): PreviewEvents {
  const events: PreviewEvents = {
    count: 0, users: [], names: names.map(([name]) => name), user: new Int32Array(0), name: new Uint8Array(0), occurredAt: new Float64Array(0),
    isOffline: new Uint8Array(0), committedAt: new Float64Array(0), params: readsParams ? [] : null,
  };
  if (names.length === 0) return events;
  const committed = new Map((db.prepare("SELECT id, committed_at FROM batches WHERE status = 'committed'").raw().all() as Array<[number, number]>));
  const { where, values } = namesFilter(names);
  const visible = horizon === null ? '' : horizon.by === 'occurred' ? ' AND occurred_at <= ?'
    : " AND batch_id IN (SELECT id FROM batches WHERE status = 'committed' AND committed_at <= ?)";
  if (horizon) values.push(horizon.at);
  const userIndex = new Map<string, number>();
  const nameCase = `CASE name ${names.map((_, index) => `WHEN ? THEN ${index}`).join(' ')} END`;
  const chunks = db.prepare(`SELECT json_group_array(user_id), group_concat(${nameCase}), group_concat(occurred_at), group_concat(is_offline), group_concat(batch_id)
      ${readsParams ? ', json_group_array(json(params))' : ''} FROM events WHERE (${where})${visible} GROUP BY id / ${CHUNK}`)
    .raw().iterate(...events.names, ...values) as IterableIterator<[string, string, string, string, string, string?]>;
  let count = 0;
  for (const [userIds, nameIds, occurred, offlines, batches, params] of chunks) {
    const users = JSON.parse(userIds) as string[];
    if (count + users.length > events.user.length) withCapacity(events, Math.max(2 * events.user.length, count + users.length));
    const nameList = nameIds.split(',');
    const occurredList = occurred.split(',');
    const offlineList = offlines.split(',');
    const batchList = batches.split(',');
    const paramList = params === undefined ? null : JSON.parse(params) as Array<Record<string, Scalar>>;
    for (let row = 0; row < users.length; row++) {
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
 * The events with `customers` (every user with such an event, whenever, in the order of their first one;
 * `previewCustomers`) as their users: a short preview loads few events, but who a segment can take in and
 * the order in which events arriving together reach the engine are as with every event loaded.
 */
function inCustomerOrder(events: PreviewEvents, customers: string[]): PreviewEvents {
  const position = new Map<string, number>();
  customers.forEach((userId, index) => position.set(userId, index));
  const moved = new Int32Array(events.users.length);
  events.users.forEach((userId, index) => {
    const at = position.get(userId);
    // Both lists come from one state of the store (one snapshot, or two with the same storeState).
    if (at === undefined) throw new Error(`preview: customer ${userId} has events but was not found among the customers`);
    moved[index] = at;
  });
  for (let index = 0; index < events.count; index++) events.user[index] = moved[events.user[index]!]!;
  return { ...events, users: customers };
}

interface WhatItReads {
  names: PreviewNames;
  readsParams: boolean;
  attributes: string[];
}

function cacheKey(db: Db, state: string, reads: WhatItReads): string {
  return `${db.name}|${state}|${reads.names.join(',')}|${reads.readsParams}|${reads.attributes.join(',')}`;
}

function historySince(db: Db, since: number): Map<string, ProfileChange[]> {
  return since === Infinity ? new Map() : profileHistory(db, since);
}

/**
 * Reads what a preview needs: every profile with the attributes the journey reads, the changes to
 * them committed after `since` (so a preview replaying real uploads sees each profile as it was known
 * then, as the engine does), and the committed events the journey's conditions, goal and exit can read —
 * only those names (and online or offline side), parameters only when a condition reads them. Profiles and events are
 * kept for the next preview of the same store while its data has not changed. With a `horizon`, only the
 * events the preview can see by its end are loaded (a preview of November reads none from January).
 * Everything on this thread, in one snapshot.
 */
export function loadPreviewDataNow(db: Db, definition: JourneyDefinition, since = Infinity, horizon: PreviewHorizon | null = null): PreviewData {
  // (`since`: give it only when replaying real uploads; other upload models take profiles as they are.)
  const reads = whatItReads(definition);
  // One read transaction: the state the key names, the customers, the events and the profile changes are
  // one snapshot, even while another process commits an upload.
  return db.transaction((): PreviewData => {
    const key = cacheKey(db, storeState(db), reads);
    if (cached?.key !== key || !covers(cached.horizon, horizon)) {
      // What was kept goes first: two stores' worth of events are not held at once.
      cached = null;
      const events = loadEvents(db, reads.names, reads.readsParams, horizon);
      cached = { key, horizon, profiles: loadProfiles(db, reads.attributes), events: horizon ? inCustomerOrder(events, previewCustomers(db, reads.names)) : events, customersRead: 'here' };
    }
    return { profiles: cached.profiles, history: historySince(db, since), events: cached.events, customersRead: cached.customersRead };
  })();
}

/**
 * `loadPreviewDataNow`, with its longest read (the customers: a sorted pass over every event) on a
 * worker thread while this one reads the profiles and the events. The worker reads in its own snapshot:
 * if the store's state it saw is not the one read here (an upload committed meanwhile), everything is
 * read again here, in one snapshot. `worker`: the app names its own script; false reads on this thread.
 */
export async function loadPreviewData(db: Db, definition: JourneyDefinition, since = Infinity, horizon: PreviewHorizon | null = null,
  options: { worker?: WorkerScript | false } = {}): Promise<PreviewData> {
  if (horizon === null || options.worker === false || db.memory) return loadPreviewDataNow(db, definition, since, horizon);
  const reads = whatItReads(definition);
  const started: { customers?: ReturnType<typeof customersInBackground> } = {};
  const read = db.transaction(() => {
    const state = storeState(db);
    const key = cacheKey(db, state, reads);
    const history = historySince(db, since);
    if (cached?.key === key && covers(cached.horizon, horizon)) return { ready: { profiles: cached.profiles, history, events: cached.events, customersRead: cached.customersRead } };
    cached = null;
    started.customers = customersInBackground(db, reads.names, options.worker || undefined);
    return { state, key, history, profiles: loadProfiles(db, reads.attributes), events: loadEvents(db, reads.names, reads.readsParams, horizon) };
  })();
  if (read.ready) return read.ready;
  const found = await started.customers!;
  if (found?.state !== read.state) return loadPreviewDataNow(db, definition, since, horizon);
  cached = { key: read.key!, horizon, profiles: read.profiles!, events: inCustomerOrder(read.events!, found.customers), customersRead: 'worker' };
  return { profiles: cached.profiles, history: read.history, events: cached.events, customersRead: 'worker' };
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
