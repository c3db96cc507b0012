import { compareCount, matchesEvent, matchesPredicates, type Scalar } from '../../../shared/journey/conditions.ts';
import type { EventCondition, Segment } from '../../../shared/journey/definition.ts';
import { stableUniform } from '../../../shared/journey/stable-hash.ts';
import type { EngineData, EngineEvent, Ingestion, Message } from './engine-types.ts';
import { MinHeap } from './min-heap.ts';
import type { PreviewEvents } from './preview-data.ts';
import { countWindow } from './segment-window.ts';

export interface OpenModel {
  /** 0..1: the share of delivered emails assumed opened. */
  rate: number;
  /** Deterministic: the same seed gives the same opens. */
  seed: number;
  /** How long after its send an assumed open happens. */
  afterMs: number;
}

/** A profile change committed during a preview's period: before it, the profile was `before` (null: not there yet). */
export interface ProfileChange {
  at: number;
  before: Record<string, unknown> | null;
}

/** The local events as a simulation sees them: when each reaches the engine, and each user's events. */
export interface SimulatedEvents {
  events: PreviewEvents;
  /** When each event reaches the simulated engine (its assumed upload time). */
  ingestedAt: Float64Array;
  /** User u's events are `byUser[userStart[u] .. userStart[u + 1])`. */
  userStart: Int32Array;
  byUser: Int32Array;
  /** The events that reach the engine during the simulated period, in arrival order. */
  arrivals: Int32Array;
}

const NO_PARAMS: Record<string, Scalar> = Object.freeze({}) as Record<string, Scalar>;

/**
 * The local data as a preview sees it: profiles as they were known at each instant (the current ones,
 * rolled back through the changes committed later), events visible from their assumed upload time.
 */
export class MemoryEngineData implements EngineData {
  private readonly users: string[];
  private readonly userIndex = new Map<string, number>();
  private readonly nameIndex = new Map<string, number>();
  /** Candidates by attributes, per segment, for the profiles in force since the last change before an instant. */
  private readonly byAttributes = new WeakMap<Segment, { epoch: number; users: string[] }>();
  /** Users who may never enter again, per segment (re-entry used up): dropped from its candidates for good. */
  private readonly retired = new WeakMap<Segment, Set<string>>();
  /** Distinct instants at which some profile changed, ascending. */
  private readonly changeTimes: number[];
  private cursor = 0;
  /** Assumed email opens, by the time they arrive. */
  private readonly openTimes = new MinHeap<number>();
  private readonly opensAt = new Map<number, EngineEvent[]>();

  /** `profiles` carry their `user_id` among their attributes. */
  constructor(
    private readonly profiles: ReadonlyMap<string, Record<string, unknown>>,
    private readonly simulated: SimulatedEvents,
    private readonly opens: OpenModel | null,
    /** Per user, the changes committed after the preview starts, in commit order. */
    private readonly history: ReadonlyMap<string, readonly ProfileChange[]> = new Map(),
  ) {
    const { events } = simulated;
    events.users.forEach((userId, index) => this.userIndex.set(userId, index));
    events.names.forEach((name, index) => this.nameIndex.set(name, index));
    this.users = [...new Set([...profiles.keys(), ...events.users])].sort();
    this.changeTimes = [...new Set([...history.values()].flatMap((changes) => changes.map((change) => change.at)))].sort((a, b) => a - b);
  }

  profile(userId: string, at: number): Record<string, unknown> | null {
    const later = this.history.get(userId)?.find((change) => change.at > at);
    if (later) return later.before;
    return this.profiles.get(userId) ?? null;
  }

  userMatches(userId: string, segment: Segment, at: number): boolean {
    if (segment.attributes.length > 0 && !matchesPredicates(this.profile(userId, at) ?? { user_id: userId }, segment.attributes)) return false;
    return segment.events.every((count) => {
      const [from, to] = countWindow(count, at);
      return compareCount(this.countEvents(userId, count.event, from, to, at), count.count.op, count.count.value);
    });
  }

  /** The user's events matching a condition that occurred in [from, to] and were uploaded by `at`. */
  private countEvents(userId: string, condition: EventCondition, from: number, to: number, at: number): number {
    const user = this.userIndex.get(userId);
    const name = this.nameIndex.get(condition.name);
    if (user === undefined || name === undefined) return 0;
    const { events, ingestedAt, userStart, byUser } = this.simulated;
    const offline = condition.is_offline === undefined ? -1 : condition.is_offline ? 1 : 0;
    let matching = 0;
    for (let position = userStart[user]!, end = userStart[user + 1]!; position < end; position++) {
      const index = byUser[position]!;
      if (events.name[index] !== name || ingestedAt[index]! > at) continue;
      const occurredAt = events.occurredAt[index]!;
      if (occurredAt < from || occurredAt > to || (offline >= 0 && events.isOffline[index] !== offline)) continue;
      if (condition.params.length > 0 && !matchesEvent(condition, this.event(index))) continue;
      matching += 1;
    }
    return matching;
  }

  private event(index: number): EngineEvent {
    const { events } = this.simulated;
    return {
      userId: events.users[events.user[index]!]!, name: events.names[events.name[index]!]!, occurredAt: events.occurredAt[index]!,
      isOffline: events.isOffline[index] === 1, params: events.params?.[index] ?? NO_PARAMS,
    };
  }

  /** How many profile changes happened by `at`: candidates by attributes hold while it stays the same. */
  private epoch(at: number): number {
    let low = 0;
    let high = this.changeTimes.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (this.changeTimes[middle]! <= at) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  *usersMatching(segment: Segment, at: number, skip?: (userId: string) => boolean, retire?: (userId: string) => boolean): Iterable<string> {
    // Profiles change only at a few commits: who matches the attributes is worked out once per change.
    const epoch = this.epoch(at);
    let candidates = this.byAttributes.get(segment);
    let retired = this.retired.get(segment);
    if (!retired) this.retired.set(segment, retired = new Set());
    if (candidates?.epoch !== epoch) {
      const matching = segment.attributes.length === 0 ? this.users
        : this.users.filter((userId) => matchesPredicates(this.profile(userId, at) ?? { user_id: userId }, segment.attributes));
      candidates = { epoch, users: retired.size === 0 ? matching : matching.filter((userId) => !retired!.has(userId)) };
      this.byAttributes.set(segment, candidates);
    }
    const events = { ...segment, attributes: [] };
    let dropped = false;
    for (const userId of candidates.users) {
      if (retire?.(userId)) {
        retired.add(userId);
        dropped = true;
        continue;
      }
      if (skip?.(userId)) continue;
      if (segment.events.length === 0 || this.userMatches(userId, events, at)) yield userId;
    }
    if (dropped) candidates.users = candidates.users.filter((userId) => !retired.has(userId));
  }

  nextIngestion(until: number): Ingestion | null {
    const { arrivals, ingestedAt } = this.simulated;
    const fromFile = this.cursor < arrivals.length ? ingestedAt[arrivals[this.cursor]!]! : Infinity;
    const openAt = this.openTimes.peek()?.key ?? Infinity;
    const at = Math.min(fromFile, openAt);
    if (at === Infinity || at > until) return null;
    let end = this.cursor;
    while (end < arrivals.length && ingestedAt[arrivals[end]!] === at) end += 1;
    return new Arrival(this, at, this.cursor, end, openAt === at ? this.opensAt.get(at)! : null);
  }

  /** (For an Arrival) the file events `arrivals[first..end)`, then the assumed opens at that instant. */
  *arrivalEvents(first: number, end: number, opens: readonly EngineEvent[] | null): Iterable<EngineEvent> {
    for (let position = first; position < end; position++) yield this.event(this.simulated.arrivals[position]!);
    if (opens) yield* opens;
  }

  /** (For an Arrival) marks what arrived at `at` processed. */
  arrived(at: number, end: number, opens: boolean): void {
    this.cursor = end;
    if (opens) {
      this.openTimes.pop();
      this.opensAt.delete(at);
    }
  }

  /** Decides, deterministically, whether an email is opened, and if so makes the open arrive later. */
  onMessageScheduled(message: Message): void {
    if (!this.opens || message.channel !== 'email' || this.opens.rate <= 0) return;
    if (stableUniform(this.opens.seed, `${message.userId}\u0000${message.nodeId}\u0000${message.step}`) >= this.opens.rate) return;
    const at = message.dueAt + this.opens.afterMs;
    const open: EngineEvent = { userId: message.userId, name: 'email_open', occurredAt: at, isOffline: false, params: { message_id: message.id } };
    const list = this.opensAt.get(at);
    if (list) list.push(open);
    else {
      this.opensAt.set(at, [open]);
      this.openTimes.push(at, at);
    }
  }
}

/** What reaches a simulated engine at one instant: no closures per step (a preview takes millions). */
class Arrival implements Ingestion {
  constructor(
    private readonly data: MemoryEngineData,
    readonly at: number,
    private readonly first: number,
    private readonly end: number,
    private readonly opens: readonly EngineEvent[] | null,
  ) {}

  get events(): Iterable<EngineEvent> {
    return this.data.arrivalEvents(this.first, this.end, this.opens);
  }

  done(): void {
    this.data.arrived(this.at, this.end, this.opens !== null);
  }
}
