import type { Scalar } from '../../../shared/journey/conditions.ts';
import { CONTROL_GROUP_REASON } from '../../../shared/journey/control-group.ts';
import type { JourneyDefinition } from '../../../shared/journey/definition.ts';
import { allEventNames } from '../../../shared/journey/event-names.ts';
import type { Db } from '../store/open-store.ts';
import { advanceJourney } from './advance-journey.ts';
import type { SendSettings } from './engine-types.ts';
import { JourneyEngine } from './journey-engine.ts';
import { MemoryEngineData, type ProfileChange, type SimEvent } from './memory-engine-data.ts';
import { MemoryEngineStore } from './memory-engine-store.ts';
import { nextTimeOfDay } from './send-policy.ts';

/** When offline events reach the engine in a preview: as recorded, a fixed lag after they happen, or a daily upload. */
export type UploadModel = { mode: 'recorded' } | { mode: 'lag'; lagMs: number } | { mode: 'daily'; time: string };

export interface PreviewOptions {
  from: number;
  days: number;
  upload: UploadModel;
  openRate?: number;
  seed?: number;
  /** Users whose step-by-step trace to return; by default the first `traceLimit` who enter. */
  traceUsers?: readonly string[];
  traceLimit?: number;
  /** The stored journey's id (0 for a file): the control group is drawn from it, so the preview holds back whom the engine will. */
  journeyId?: number;
}

export interface PreviewMessage {
  user_id: string;
  channel: string;
  node: string;
  at: string;
  status: string;
  reason: string | null;
}

export interface PreviewResult {
  from: string;
  to: string;
  upload: string;
  users: number;
  entered: number;
  exited: number;
  completed: number;
  goals: number;
  /** Per group: who entered; what went out, or for the control group what would have (PRODUCT.md §8). */
  target: { entered: number; messages: number };
  control: { entered: number; would_have_sent: number };
  nodes: Record<string, { reached: number }>;
  messages: PreviewMessage[];
  traces: Record<string, Array<{ at: string; node: string; what: string }>>;
}

interface RecordedEvent {
  userId: string;
  name: string;
  occurredAt: number;
  isOffline: boolean;
  params: Record<string, Scalar>;
  committedAt: number;
}

export interface PreviewData {
  profiles: Map<string, Record<string, unknown>>;
  /** Profile changes committed after `since`, per user in commit order: what each profile was before. */
  history: Map<string, ProfileChange[]>;
  events: RecordedEvent[];
}

/**
 * Reads what a preview needs once: every profile, the changes to them committed after `since` (so the
 * preview sees each profile as it was known at each simulated instant, as the engine does), and the
 * committed events the journey's conditions name.
 */
export function loadPreviewData(db: Db, definition: JourneyDefinition, since = Infinity): PreviewData {
  const profiles = new Map<string, Record<string, unknown>>();
  for (const row of db.prepare('SELECT user_id, attrs FROM users').iterate() as IterableIterator<{ user_id: string; attrs: string }>) {
    profiles.set(row.user_id, { ...(JSON.parse(row.attrs) as Record<string, unknown>), user_id: row.user_id });
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
  // Opens recorded in the store belong to real messages, not to the preview's own.
  const names = [...allEventNames(definition)].filter((name) => name !== 'email_open');
  const events: RecordedEvent[] = [];
  // Parameters are parsed only when a condition reads them: most journeys match on name and offline alone.
  const readsParams = journeyReadsParams(definition);
  if (names.length > 0) {
    const rows = db.prepare(`SELECT e.user_id, e.name, e.occurred_at, e.is_offline, e.params, b.committed_at FROM events e JOIN batches b ON b.id = e.batch_id
        WHERE b.status = 'committed' AND e.name IN (${names.map(() => '?').join(', ')})`).raw().iterate(...names) as IterableIterator<[string, string, number, number, string, number]>;
    for (const [userId, name, occurredAt, isOffline, params, committedAt] of rows) {
      events.push({ userId, name, occurredAt, isOffline: isOffline === 1, params: readsParams ? JSON.parse(params) as Record<string, Scalar> : {}, committedAt });
    }
  }
  return { profiles, history, events };
}

function journeyReadsParams(definition: JourneyDefinition): boolean {
  const conditions = [definition.goal?.event, definition.exit?.event];
  for (const node of definition.nodes) {
    if (node.type === 'entry_event' || node.type === 'wait_for') conditions.push(node.event);
    const segment = node.type === 'entry_past' ? node.segment : node.type === 'check' ? node.condition : undefined;
    for (const count of segment?.events ?? []) conditions.push(count.event);
  }
  return conditions.some((condition) => (condition?.params.length ?? 0) > 0);
}

function describeUpload(upload: UploadModel): string {
  if (upload.mode === 'lag') return `offline events uploaded ${upload.lagMs / 3_600_000} h after they happen`;
  if (upload.mode === 'daily') return `offline events uploaded daily at ${upload.time}`;
  return 'events uploaded when they were really committed';
}

/**
 * Runs a journey over the local data in simulated time, from `from` for `days` days, without writing
 * anything: the same engine as the app, on memory instead of SQLite.
 */
export function simulateJourney(data: PreviewData, definition: JourneyDefinition, options: PreviewOptions, settings: SendSettings): PreviewResult {
  const from = options.from;
  const to = from + options.days * 86_400_000;
  const upload = options.upload;
  const eventsByUser = new Map<string, SimEvent[]>();
  for (const event of data.events) {
    let ingestedAt = event.committedAt;
    if (upload.mode === 'lag') ingestedAt = event.isOffline ? event.occurredAt + upload.lagMs : event.occurredAt;
    else if (upload.mode === 'daily') ingestedAt = event.isOffline ? nextTimeOfDay(event.occurredAt, upload.time, settings.zone) : event.occurredAt;
    const simulated: SimEvent = { userId: event.userId, name: event.name, occurredAt: event.occurredAt, isOffline: event.isOffline, params: event.params, ingestedAt };
    const list = eventsByUser.get(event.userId);
    if (list) list.push(simulated);
    else eventsByUser.set(event.userId, [simulated]);
  }

  const wanted = new Set(options.traceUsers ?? []);
  const limit = options.traceUsers ? 0 : (options.traceLimit ?? 20);
  const traced = new Set<string>();
  const store = new MemoryEngineStore((userId) => {
    if (wanted.has(userId) || traced.has(userId)) return true;
    if (traced.size < limit) {
      traced.add(userId);
      return true;
    }
    return false;
  });
  const engineData = new MemoryEngineData(data.profiles, eventsByUser, { from, to },
    { rate: options.openRate ?? 0, seed: options.seed ?? 1, afterMs: 3_600_000 }, data.history);
  const engine = new JourneyEngine({ id: options.journeyId ?? 0, definition, activatedAt: from }, store, engineData, settings);
  if (engine.isPastEntry()) store.setNextEvaluationAt(from);
  advanceJourney(engine, store, engineData, to);

  const iso = (ms: number) => new Date(ms).toISOString();
  return {
    from: iso(from),
    to: iso(to),
    upload: describeUpload(upload),
    users: new Set([...data.profiles.keys(), ...eventsByUser.keys()]).size,
    entered: store.runs.length,
    exited: store.runs.filter((run) => run.status === 'exited').length,
    completed: store.runs.filter((run) => run.status === 'completed').length,
    goals: store.runs.filter((run) => run.goalAt !== null).length,
    ...groupCounts(store, to),
    nodes: Object.fromEntries(definition.nodes.map((node) => [node.id, { reached: store.reachedCounts.get(node.id) ?? 0 }])),
    // Only what would go out within the simulated period; later sends are not part of this preview.
    messages: store.messages.filter((message) => message.dueAt <= to).sort((a, b) => a.dueAt - b.dueAt || a.id - b.id).map((message) => ({
      user_id: message.userId, channel: message.channel, node: message.nodeId, at: iso(message.dueAt), status: message.status, reason: message.reason,
    })),
    traces: Object.fromEntries([...store.traces].map(([userId, entries]) => [userId, entries.map((entry) => ({ at: iso(entry.at), node: entry.node, what: entry.what }))])),
  };
}

function groupCounts(store: MemoryEngineStore, to: number): Pick<PreviewResult, 'target' | 'control'> {
  const control = store.runs.filter((run) => run.group === 'control').length;
  const due = store.messages.filter((message) => message.dueAt <= to);
  return {
    target: { entered: store.runs.length - control, messages: due.filter((message) => message.status === 'scheduled' || message.status === 'sent').length },
    control: { entered: control, would_have_sent: due.filter((message) => message.status === 'skipped' && message.reason === CONTROL_GROUP_REASON).length },
  };
}

/** The same journey with every wait's grace removed: what late uploads would cost without it. */
export function withoutGrace(definition: JourneyDefinition): JourneyDefinition {
  return { ...definition, nodes: definition.nodes.map((node) => (node.type === 'wait_for' ? { ...node, grace: undefined } : node)) };
}
