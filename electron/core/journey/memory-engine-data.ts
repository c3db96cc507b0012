import { compareCount, matchesEvent, matchesPredicates } from '../../../shared/journey/conditions.ts';
import type { Segment } from '../../../shared/journey/definition.ts';
import { stableUniform } from '../../../shared/journey/stable-hash.ts';
import type { EngineData, EngineEvent, Ingestion, Message } from './engine-types.ts';
import { MinHeap } from './min-heap.ts';
import { countWindow } from './segment-window.ts';

/** An event with the time a preview assumes it reaches the engine. */
export interface SimEvent extends EngineEvent {
  ingestedAt: number;
}

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

/**
 * The local data as a preview sees it: profiles as they were known at each instant (the current ones,
 * rolled back through the changes committed later), events visible from their assumed upload time.
 */
export class MemoryEngineData implements EngineData {
  private readonly users: string[];
  private readonly byAttributes = new WeakMap<Segment, string[]>();
  private readonly upcoming: SimEvent[];
  private cursor = 0;
  /** Assumed email opens, by the time they arrive. */
  private readonly openTimes = new MinHeap<number>();
  private readonly opensAt = new Map<number, SimEvent[]>();

  /** `profiles` carry their `user_id` among their attributes. */
  constructor(
    private readonly profiles: ReadonlyMap<string, Record<string, unknown>>,
    private readonly eventsByUser: ReadonlyMap<string, readonly SimEvent[]>,
    window: { from: number; to: number },
    private readonly opens: OpenModel | null,
    /** Per user, the changes committed after the preview starts, in commit order. */
    private readonly history: ReadonlyMap<string, readonly ProfileChange[]> = new Map(),
  ) {
    this.users = [...new Set([...profiles.keys(), ...eventsByUser.keys()])].sort();
    this.upcoming = [...eventsByUser.values()].flat().filter((event) => event.ingestedAt > window.from && event.ingestedAt <= window.to)
      .sort((a, b) => a.ingestedAt - b.ingestedAt);
  }

  profile(userId: string, at: number): Record<string, unknown> | null {
    const changes = this.history.get(userId);
    const later = changes?.find((change) => change.at > at);
    if (later) return later.before;
    return this.profiles.get(userId) ?? null;
  }

  userMatches(userId: string, segment: Segment, at: number): boolean {
    if (segment.attributes.length > 0 && !matchesPredicates(this.profile(userId, at) ?? { user_id: userId }, segment.attributes)) return false;
    if (segment.events.length === 0) return true;
    const events = this.eventsByUser.get(userId) ?? [];
    return segment.events.every((count) => {
      const [from, to] = countWindow(count, at);
      let matching = 0;
      for (const event of events) {
        if (event.ingestedAt <= at && event.occurredAt >= from && event.occurredAt <= to && matchesEvent(count.event, event)) matching += 1;
      }
      return compareCount(matching, count.count.op, count.count.value);
    });
  }

  *usersMatching(segment: Segment, at: number, skip?: (userId: string) => boolean): Iterable<string> {
    // Most profiles do not change during a preview: who matches the attributes is worked out once per
    // segment, and only those with changes in the period are checked again at each instant.
    let candidates = this.byAttributes.get(segment);
    if (!candidates) {
      candidates = segment.attributes.length === 0 ? this.users
        : this.users.filter((userId) => this.history.has(userId) || matchesPredicates(this.profiles.get(userId) ?? { user_id: userId }, segment.attributes));
      this.byAttributes.set(segment, candidates);
    }
    const events = { ...segment, attributes: [] };
    for (const userId of candidates) {
      if (skip?.(userId)) continue;
      if (segment.attributes.length > 0 && this.history.has(userId) && !matchesPredicates(this.profile(userId, at) ?? { user_id: userId }, segment.attributes)) continue;
      if (segment.events.length === 0 || this.userMatches(userId, events, at)) yield userId;
    }
  }

  nextIngestion(until: number): Ingestion | null {
    const fromFile = this.upcoming[this.cursor];
    const openAt = this.openTimes.peek()?.key;
    const at = Math.min(fromFile?.ingestedAt ?? Infinity, openAt ?? Infinity);
    if (at === Infinity || at > until) return null;
    const events: SimEvent[] = [];
    let cursor = this.cursor;
    while (this.upcoming[cursor]?.ingestedAt === at) events.push(this.upcoming[cursor++]!);
    const opens = openAt === at ? this.opensAt.get(at)! : [];
    return {
      at,
      events: [...events, ...opens],
      done: () => {
        this.cursor = cursor;
        if (openAt === at) {
          this.openTimes.pop();
          this.opensAt.delete(at);
        }
      },
    };
  }

  /** Decides, deterministically, whether an email is opened, and if so makes the open arrive later. */
  onMessageScheduled(message: Message): void {
    if (!this.opens || message.channel !== 'email' || this.opens.rate <= 0) return;
    if (stableUniform(this.opens.seed, `${message.userId}\u0000${message.nodeId}\u0000${message.step}`) >= this.opens.rate) return;
    const at = message.dueAt + this.opens.afterMs;
    const open: SimEvent = { userId: message.userId, name: 'email_open', occurredAt: at, ingestedAt: at, isOffline: false, params: { message_id: message.id } };
    const list = this.opensAt.get(at);
    if (list) list.push(open);
    else {
      this.opensAt.set(at, [open]);
      this.openTimes.push(at, at);
    }
  }
}
