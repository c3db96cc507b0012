import { CONTROL_GROUP_REASON } from '../../../shared/journey/control-group.ts';
import type { JourneyDefinition } from '../../../shared/journey/definition.ts';
import { advanceJourney } from './advance-journey.ts';
import type { SendSettings } from './engine-types.ts';
import { JourneyEngine } from './journey-engine.ts';
import { MemoryEngineData, type SimulatedEvents } from './memory-engine-data.ts';
import { MemoryEngineStore } from './memory-engine-store.ts';
import type { PreviewData, PreviewEvents } from './preview-data.ts';
import { nextTimeOfDay } from './send-policy.ts';
import { sortByTime } from './sort-by-time.ts';

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

/** When each event reaches the simulated engine under the upload model, and each user's events. */
export function simulateEvents(events: PreviewEvents, upload: UploadModel, zone: string, window: { from: number; to: number }, onlyUser?: string): SimulatedEvents {
  const ingestedAt = new Float64Array(events.count);
  for (let index = 0; index < events.count; index++) {
    const occurredAt = events.occurredAt[index]!;
    const offline = events.isOffline[index] === 1;
    ingestedAt[index] = upload.mode === 'lag' ? (offline ? occurredAt + upload.lagMs : occurredAt)
      : upload.mode === 'daily' ? (offline ? nextTimeOfDay(occurredAt, upload.time, zone) : occurredAt)
        : events.committedAt[index]!;
  }
  const userStart = new Int32Array(events.users.length + 1);
  for (let index = 0; index < events.count; index++) userStart[events.user[index]! + 1]! += 1;
  for (let user = 0; user < events.users.length; user++) userStart[user + 1]! += userStart[user]!;
  const byUser = new Int32Array(events.count);
  const filled = userStart.slice(0, events.users.length);
  for (let index = 0; index < events.count; index++) byUser[filled[events.user[index]!]!++] = index;
  const only = onlyUser === undefined ? -1 : events.users.indexOf(onlyUser);
  let arriving = 0;
  const inWindow = (index: number) => ingestedAt[index]! > window.from && ingestedAt[index]! <= window.to && (onlyUser === undefined || events.user[index] === only);
  for (let index = 0; index < events.count; index++) if (inWindow(index)) arriving += 1;
  const arrivals = new Int32Array(arriving);
  // User by user before the (stable) sort by time: events that arrive together reach the engine grouped by user.
  for (let position = 0, next = 0; position < events.count; position++) if (inWindow(byUser[position]!)) arrivals[next++] = byUser[position]!;
  return { events, ingestedAt, userStart, byUser, arrivals: sortByTime(ingestedAt, arrivals) };
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
  const simulated = simulateEvents(data.events, upload, settings.zone, { from, to });

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
  // Replaying real uploads, profiles are as they were known at each instant; under an assumed upload
  // model (a lag, a daily upload) the question is what the journey does with this data, so profiles are taken as they are.
  const engineData = new MemoryEngineData(data.profiles, simulated, { rate: options.openRate ?? 0, seed: options.seed ?? 1, afterMs: 3_600_000 },
    upload.mode === 'recorded' ? data.history : new Map());
  const engine = new JourneyEngine({ id: options.journeyId ?? 0, definition, activatedAt: from }, store, engineData, settings);
  if (engine.isPastEntry()) store.setNextEvaluationAt(from);
  advanceJourney(engine, store, engineData, to);

  const iso = (ms: number) => new Date(ms).toISOString();
  return {
    from: iso(from),
    to: iso(to),
    upload: describeUpload(upload),
    users: data.profiles.size + data.events.users.filter((userId) => !data.profiles.has(userId)).length,
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
