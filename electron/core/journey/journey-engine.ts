import { matchesEvent } from '../../../shared/journey/conditions.ts';
import { CONTROL_GROUP_REASON, controlShare, groupOf } from '../../../shared/journey/control-group.ts';
import { channelOf, isSendNode, type JourneyDefinition, type JourneyNode, type SendNode } from '../../../shared/journey/definition.ts';
import { durationMs } from '../../../shared/journey/duration.ts';
import { MIN_REEVALUATE_MS } from '../../../shared/journey/limits.ts';
import type { EngineData, EngineEvent, EngineStore, Ingestion, Message, Run, RunContext, SendSettings } from './engine-types.ts';
import { consentProblem, deferForQuietHours, localDay, nextTimeOfDay } from './send-policy.ts';

/** A period a journey was paused; `to` is null while it still is. */
export interface Pause {
  from: number;
  to: number | null;
}

export interface EngineJourney {
  id: number;
  definition: JourneyDefinition;
  activatedAt: number;
  /** Nobody enters while a journey is paused; a resumed past-condition entry evaluates at once. */
  pauses?: readonly Pause[];
}

/**
 * A run that arrives at more nodes than this at one instant never waits (a definition saved before the
 * minimum durations existed, say): it is stopped with an error so the tick goes on with everyone else.
 */
export const MAX_STEPS_AT_ONE_INSTANT = 200;

function isWouldHaveSent(message: Message): boolean {
  return message.status === 'skipped' && message.reason === CONTROL_GROUP_REASON;
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/**
 * The semantics of PRODUCT.md §4 for one journey, in processing time: every method takes the
 * instant it happens at, reads data as visible then, and writes through the store. It never reads a
 * clock; the driver (advanceJourney) feeds it timers, ingestions and entry evaluations in time order.
 */
export class JourneyEngine {
  private readonly nodes = new Map<string, JourneyNode>();
  private readonly entry: JourneyNode;
  private readonly windowMs: number | null;
  /** Entries open at this instant: activation or schedule.start, whichever is later. */
  private readonly start: number;
  private readonly end: number;
  private readonly reevaluateMs: number;
  private readonly pauses: readonly Pause[];
  /** Steps each run took at the instant being processed (time only moves forward, so one instant's worth). */
  private readonly stepsAt = new Map<number, number>();
  private stepsInstant = -Infinity;

  constructor(
    private readonly journey: EngineJourney,
    private readonly store: EngineStore,
    private readonly data: EngineData,
    private readonly settings: SendSettings,
  ) {
    for (const node of journey.definition.nodes) this.nodes.set(node.id, node);
    this.entry = journey.definition.nodes.find((node) => node.type === 'entry_past' || node.type === 'entry_event')!;
    this.windowMs = journey.definition.goal ? durationMs(journey.definition.goal.window) : null;
    const schedule = journey.definition.schedule;
    this.start = Math.max(journey.activatedAt, schedule.start ? Date.parse(schedule.start) : -Infinity);
    this.end = schedule.end ? Date.parse(schedule.end) : Infinity;
    // Definitions saved before the minimum existed may re-evaluate more often: the floor applies to them too.
    this.reevaluateMs = Math.max(durationMs(journey.definition.reevaluate_every), MIN_REEVALUATE_MS);
    this.pauses = journey.pauses ?? [];
  }

  isPastEntry(): boolean {
    return this.entry.type === 'entry_past';
  }

  /** Whether users may enter at `at`: inside the schedule (bounds inclusive) and not while paused. */
  private entryOpen(at: number): boolean {
    return at >= this.start && at <= this.end && !this.pauses.some((pause) => at >= pause.from && (pause.to === null || at < pause.to));
  }

  /** The evaluation after one at `at`: the interval later, or sooner when the schedule opens or the journey resumes. */
  private nextEvaluationAfter(at: number): number | null {
    if (at >= this.end) return null;
    let next = at + this.reevaluateMs;
    for (const opens of [this.start, ...this.pauses.map((pause) => pause.to ?? Infinity)]) if (opens > at && opens < next) next = opens;
    return next;
  }

  /** Past-condition entry: everyone matching the segment now enters, as re-entry allows. */
  evaluatePastEntry(at: number): number {
    if (this.entry.type !== 'entry_past') return 0;
    let entered = 0;
    if (this.entryOpen(at)) {
      for (const userId of this.data.usersMatching(this.entry.segment, at, (userId) => !this.mayEnter(userId, at), (userId) => this.usedUp(userId))) {
        if (this.tryEnter(userId, at, 'matched the entry segment')) entered += 1;
      }
    }
    this.store.setNextEvaluationAt(this.nextEvaluationAfter(at));
    return entered;
  }

  onIngestion(ingestion: Ingestion): void {
    for (const event of ingestion.events) this.onEvent(event, ingestion.at);
    ingestion.done();
  }

  /** An event became visible at `at`: waits, email opens, exit, goal, real-time entry — in that order. */
  onEvent(event: EngineEvent, at: number): void {
    const definition = this.journey.definition;
    const run = this.store.activeRun(event.userId);
    let consumed = false;
    if (run?.nodeId) {
      const node = this.nodes.get(run.nodeId)!;
      if (node.type === 'wait_for' && matchesEvent(node.event, event) && event.occurredAt >= run.nodeAt
        && event.occurredAt <= run.waitUntil! && at <= run.wakeAt!) {
        if (this.traces(run)) this.trace(run, at, node.id, `matched: ${event.name} occurred ${iso(event.occurredAt)}, uploaded ${iso(at)}`);
        run.context = { name: event.name, occurredAt: event.occurredAt, params: event.params };
        this.arrive(run, node.matched, at);
        consumed = true;
      } else if (node.type === 'email_opened' && event.name === 'email_open' && run.watchMessage !== null
        && String(event.params.message_id) === String(run.watchMessage)) {
        if (this.traces(run)) this.trace(run, at, node.id, `opened: message ${run.watchMessage} opened ${iso(event.occurredAt)}`);
        this.arrive(run, node.opened, at);
        consumed = true;
      }
    }
    if (!consumed && run && run.status === 'active' && definition.exit && matchesEvent(definition.exit.event, event) && event.occurredAt > run.enteredAt) {
      this.exit(run, at, `exit rule: ${event.name} occurred ${iso(event.occurredAt)}`);
    }
    if (definition.goal && this.windowMs !== null && matchesEvent(definition.goal.event, event)) {
      // Windows are inclusive: an event exactly at entry + window still converts.
      for (const candidate of this.store.goalCandidates(event.userId, event.occurredAt - this.windowMs, event.occurredAt)) {
        candidate.goalAt = at;
        this.store.updateRun(candidate);
        if (this.traces(candidate)) this.trace(candidate, at, candidate.nodeId ?? 'goal', `goal: ${event.name} occurred ${iso(event.occurredAt)}, counted when uploaded ${iso(at)}`);
      }
    }
    // The trigger must occur at or after activation and schedule.start; it enters at its upload, while entries are open.
    if (this.entry.type === 'entry_event' && matchesEvent(this.entry.event, event) && event.occurredAt >= this.start && this.entryOpen(at)) {
      this.tryEnter(event.userId, at, `real-time trigger: ${event.name} occurred ${iso(event.occurredAt)}, uploaded ${iso(at)}`,
        { name: event.name, occurredAt: event.occurredAt, params: event.params });
    }
  }

  /** A run's timer fell due: wait timeout, delay over, no open in time, or its deferred message went out. */
  onTimer(run: Run, at: number): void {
    const node = this.nodes.get(run.nodeId!)!;
    run.wakeAt = null;
    if (isSendNode(node)) {
      this.arrive(run, node.next, at);
    } else if (node.type === 'wait_for') {
      if (this.traces(run)) this.trace(run, at, node.id, 'timed out');
      this.arrive(run, node.timed_out, at);
    } else if (node.type === 'email_opened') {
      if (this.traces(run)) this.trace(run, at, node.id, 'not opened in time');
      this.arrive(run, node.not_opened, at);
    } else if (node.type === 'delay') {
      this.arrive(run, node.next, at);
    } else {
      this.store.updateRun(run);
    }
  }

  /**
   * Re-entry rules (PRODUCT.md §4): once, up to N times, or unlimited, with a minimum interval counted
   * from the last entry; never twice at once; and one trigger (one receipt: events of the user at the same
   * occurred_at) is one entry.
   */
  private mayEnter(userId: string, at: number, triggerAt: number | null = null): boolean {
    if (this.store.activeRun(userId)) return false;
    const state = this.store.entryState(userId);
    if (!state) return true;
    if (triggerAt !== null && state.lastTriggerAt === triggerAt) return false;
    const reentry = this.journey.definition.reentry;
    if (reentry.mode === 'once') return false;
    if (reentry.mode === 'limited' && state.entries >= reentry.max) return false;
    return at - state.lastEnteredAt >= durationMs(reentry.min_interval);
  }

  /** Whether the user may never enter again: once, or up to N times, used up. */
  private usedUp(userId: string): boolean {
    const reentry = this.journey.definition.reentry;
    if (reentry.mode === 'unlimited') return false;
    const entries = this.store.entryState(userId)?.entries ?? 0;
    return entries >= (reentry.mode === 'once' ? 1 : reentry.max);
  }

  /** Enters a user unless re-entry rules or an active run forbid it. */
  tryEnter(userId: string, at: number, why: string, context: RunContext | null = null): Run | null {
    const triggerAt = context?.occurredAt ?? null;
    if (!this.mayEnter(userId, at, triggerAt)) return null;
    // The same hash on every entry: a control user stays in control on re-entry (the share is fixed once active).
    const group = groupOf(this.journey.id, userId, controlShare(this.journey.definition));
    const run = this.store.createRun({
      journeyId: this.journey.id, userId, seq: (this.store.entryState(userId)?.entries ?? 0) + 1, group, status: 'active', nodeId: this.entry.id,
      enteredAt: at, nodeAt: at, steps: 1, wakeAt: null, waitUntil: null, watchMessage: null, goalAt: null, endedAt: null, error: null, context,
    }, triggerAt);
    this.store.reached(this.entry.id);
    if (this.traces(run)) this.trace(run, at, this.entry.id, `entered${group === 'control' ? ' (control group)' : ''}: ${why}`);
    this.arrive(run, this.entryNext(), at);
    return run;
  }

  private entryNext(): string | null {
    return this.entry.type === 'entry_past' || this.entry.type === 'entry_event' ? this.entry.next : null;
  }

  /** Stops a run that never comes to rest, without stopping the tick. */
  private fail(run: Run, at: number, why: string): void {
    run.status = 'stopped';
    run.error = why;
    run.endedAt = at;
    run.wakeAt = null;
    this.store.cancelScheduled(run.id, 'run_error', at);
    this.store.updateRun(run);
    if (this.traces(run)) this.trace(run, at, run.nodeId ?? 'error', `stopped: ${why}`);
  }

  /** Counts a node arrival at `at`; false once the run has taken too many steps at this one instant. */
  private stepAllowed(run: Run, at: number): boolean {
    if (at !== this.stepsInstant) {
      this.stepsAt.clear();
      this.stepsInstant = at;
    }
    const steps = (this.stepsAt.get(run.id) ?? 0) + 1;
    this.stepsAt.set(run.id, steps);
    return steps <= MAX_STEPS_AT_ONE_INSTANT;
  }

  private exit(run: Run, at: number, why: string): void {
    run.status = 'exited';
    run.endedAt = at;
    run.wakeAt = null;
    const cancelled = this.store.cancelScheduled(run.id, 'exit', at);
    this.store.updateRun(run);
    if (this.traces(run)) this.trace(run, at, run.nodeId ?? 'exit', `exited (${why})${cancelled > 0 ? `; ${cancelled} scheduled message${cancelled > 1 ? 's' : ''} cancelled` : ''}`);
  }

  /** Moves a run along a path, through every node that acts at once, to the next node that waits. */
  private arrive(run: Run, target: string | null, at: number): void {
    let current = target;
    for (;;) {
      run.wakeAt = null;
      run.waitUntil = null;
      run.watchMessage = null;
      if (current === null) {
        run.status = 'completed';
        run.endedAt = at;
        if (this.traces(run)) this.trace(run, at, run.nodeId ?? 'end', 'completed the journey');
        run.nodeId = null;
        break;
      }
      if (!this.stepAllowed(run, at)) {
        this.fail(run, at, `more than ${MAX_STEPS_AT_ONE_INSTANT} steps at one instant: the journey loops without waiting (give its cycle a delay of at least PT1M)`);
        return;
      }
      const node = this.nodes.get(current)!;
      run.nodeId = node.id;
      run.nodeAt = at;
      run.steps += 1;
      this.store.reached(node.id);
      if (node.type === 'wait_for') {
        const timeout = durationMs(node.timeout);
        const grace = node.grace ? durationMs(node.grace) : 0;
        run.waitUntil = at + timeout;
        run.wakeAt = at + timeout + grace;
        if (this.traces(run)) this.trace(run, at, node.id, `waiting for ${node.event.name} occurring by ${iso(run.waitUntil!)}${grace > 0 ? `, uploaded by ${iso(run.wakeAt!)}` : ''}`);
        break;
      }
      if (node.type === 'delay') {
        run.wakeAt = node.duration ? at + durationMs(node.duration) : nextTimeOfDay(at, node.until!, this.settings.zone);
        if (this.traces(run)) this.trace(run, at, node.id, `delay until ${iso(run.wakeAt!)}`);
        break;
      }
      if (node.type === 'check') {
        const yes = this.data.userMatches(run.userId, node.condition, at);
        if (this.traces(run)) this.trace(run, at, node.id, `check: ${yes ? 'yes' : 'no'} (on data uploaded by ${iso(at)})`);
        current = yes ? node.yes : node.no;
        continue;
      }
      if (node.type === 'email_opened') {
        const watched = this.store.latestMessage(run.id, node.message, 'email');
        // A control run waits for an open as a target run would (none can come), so both take the same time.
        if (!watched || (watched.status === 'skipped' && !isWouldHaveSent(watched)) || watched.status === 'cancelled' || watched.status === 'failed') {
          if (this.traces(run)) this.trace(run, at, node.id, `not opened: the email was ${watched ? `${watched.status} (${watched.reason})` : 'never sent'}`);
          current = node.not_opened;
          continue;
        }
        run.watchMessage = watched.id;
        run.wakeAt = Math.max(at, watched.dueAt) + durationMs(node.timeout);
        if (this.traces(run)) this.trace(run, at, node.id, `watching message ${watched.id} for an open until ${iso(run.wakeAt!)}`);
        break;
      }
      if (node.type === 'entry_past' || node.type === 'entry_event') {
        current = node.next;
        continue;
      }
      const sendsAt = this.send(run, node, at);
      if (sendsAt > at) {
        // The run leaves a send node when its message goes out: a delay after it counts from the real send.
        run.wakeAt = sendsAt;
        break;
      }
      current = node.next;
    }
    this.store.updateRun(run);
  }

  /** Queues (or skips) the node's message; returns when it goes out (`at` when skipped or not deferred). */
  private send(run: Run, node: SendNode, at: number): number {
    const channel = channelOf(node);
    const profile = this.data.profile(run.userId, at);
    let problem: string | null = consentProblem(channel, profile);
    const dueAt = deferForQuietHours(at, this.settings);
    const cap = this.settings.dailyCap[channel];
    if (problem === null && cap !== undefined) {
      const [from, to] = localDay(dueAt, this.settings.zone);
      if (this.store.countMessages(run.userId, channel, from, to) >= cap) problem = 'frequency_cap';
    }
    // Control: recorded as would-have-sent when a target run's message would go out; it never uses the daily cap.
    const held = problem === null && run.group === 'control';
    const message = this.store.addMessage({
      journeyId: this.journey.id, runId: run.id, userId: run.userId, nodeId: node.id, step: run.steps, channel, dueAt,
      status: problem === null && !held ? 'scheduled' : 'skipped', reason: problem ?? (held ? CONTROL_GROUP_REASON : dueAt > at ? 'quiet_hours' : null), context: run.context,
    });
    if (problem !== null) {
      if (this.traces(run)) this.trace(run, at, node.id, `${channel} skipped: ${problem}`);
      return at;
    }
    if (held) {
      if (this.traces(run)) this.trace(run, at, node.id, `${channel} not sent (control group): would have gone out ${iso(dueAt)}`);
      return dueAt;
    }
    if (this.traces(run)) this.trace(run, at, node.id, `${channel} scheduled for ${iso(dueAt)}${dueAt > at ? ' (after quiet hours; the journey goes on from then)' : ''}`);
    this.data.onMessageScheduled?.(message);
    return dueAt;
  }

  /** Whether the store keeps this run's trace: a large preview keeps few, so the text is built only then. */
  private traces(run: Run): boolean {
    return this.store.keepsTrace?.(run.userId) ?? true;
  }

  private trace(run: Run, at: number, node: string, what: string): void {
    this.store.trace({ runId: run.id, userId: run.userId, at, node, what });
  }
}
