import { matchesEvent } from '../../../shared/journey/conditions.ts';
import { channelOf, type JourneyDefinition, type JourneyNode, type SendNode } from '../../../shared/journey/definition.ts';
import { durationMs } from '../../../shared/journey/duration.ts';
import type { EngineData, EngineEvent, EngineStore, Ingestion, Run, RunContext, SendSettings } from './engine-types.ts';
import { consentProblem, deferForQuietHours, localDay, nextTimeOfDay } from './send-policy.ts';

export interface EngineJourney {
  id: number;
  definition: JourneyDefinition;
  activatedAt: number;
}

const MAX_STEPS_PER_ARRIVAL = 1000;

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
  private readonly start: number;
  private readonly end: number;

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
  }

  reevaluateEveryMs(): number {
    return durationMs(this.journey.definition.reevaluate_every);
  }

  isPastEntry(): boolean {
    return this.entry.type === 'entry_past';
  }

  /** Past-condition entry: everyone matching the segment now enters, as re-entry allows. */
  evaluatePastEntry(at: number): number {
    if (this.entry.type !== 'entry_past') return 0;
    let entered = 0;
    if (at >= this.start && at <= this.end) {
      for (const userId of this.data.usersMatching(this.entry.segment, at, (userId) => !this.mayEnter(userId, at))) {
        if (this.tryEnter(userId, at, 'matched the entry segment')) entered += 1;
      }
    }
    this.store.setNextEvaluationAt(at + this.reevaluateEveryMs());
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
        this.trace(run, at, node.id, `matched: ${event.name} occurred ${iso(event.occurredAt)}, uploaded ${iso(at)}`);
        run.context = { name: event.name, occurredAt: event.occurredAt, params: event.params };
        this.arrive(run, node.matched, at);
        consumed = true;
      } else if (node.type === 'email_opened' && event.name === 'email_open' && run.watchMessage !== null
        && String(event.params.message_id) === String(run.watchMessage)) {
        this.trace(run, at, node.id, `opened: message ${run.watchMessage} opened ${iso(event.occurredAt)}`);
        this.arrive(run, node.opened, at);
        consumed = true;
      }
    }
    if (!consumed && run && run.status === 'active' && definition.exit && matchesEvent(definition.exit.event, event) && event.occurredAt > run.enteredAt) {
      this.exit(run, at, `exit rule: ${event.name} occurred ${iso(event.occurredAt)}`);
    }
    if (definition.goal && this.windowMs !== null && matchesEvent(definition.goal.event, event)) {
      for (const candidate of this.store.runsOf(event.userId)) {
        if (candidate.goalAt === null && event.occurredAt >= candidate.enteredAt && event.occurredAt <= candidate.enteredAt + this.windowMs) {
          candidate.goalAt = at;
          this.store.updateRun(candidate);
          this.trace(candidate, at, candidate.nodeId ?? 'goal', `goal: ${event.name} occurred ${iso(event.occurredAt)}, counted when uploaded ${iso(at)}`);
        }
      }
    }
    if (this.entry.type === 'entry_event' && matchesEvent(this.entry.event, event) && event.occurredAt > this.journey.activatedAt
      && at >= this.start && at <= this.end) {
      this.tryEnter(event.userId, at, `real-time trigger: ${event.name} occurred ${iso(event.occurredAt)}, uploaded ${iso(at)}`,
        { name: event.name, occurredAt: event.occurredAt, params: event.params });
    }
  }

  /** A run's timer fell due: wait timeout, delay over, or no open in time. */
  onTimer(run: Run, at: number): void {
    const node = this.nodes.get(run.nodeId!)!;
    run.wakeAt = null;
    if (node.type === 'wait_for') {
      this.trace(run, at, node.id, 'timed out');
      this.arrive(run, node.timed_out, at);
    } else if (node.type === 'email_opened') {
      this.trace(run, at, node.id, 'not opened in time');
      this.arrive(run, node.not_opened, at);
    } else if (node.type === 'delay') {
      this.arrive(run, node.next, at);
    } else {
      this.store.updateRun(run);
    }
  }

  /** Re-entry rules (PRODUCT.md §4): once, up to N times, or unlimited, with a minimum interval; never twice at once. */
  private mayEnter(userId: string, at: number): boolean {
    const runs = this.store.runsOf(userId);
    if (runs.length === 0) return true;
    if (runs.some((run) => run.status === 'active')) return false;
    const reentry = this.journey.definition.reentry;
    if (reentry.mode === 'once') return false;
    if (reentry.mode === 'limited' && runs.length >= reentry.max) return false;
    const last = Math.max(...runs.map((run) => run.enteredAt));
    return at - last >= durationMs(reentry.min_interval);
  }

  /** Enters a user unless re-entry rules or an active run forbid it. */
  tryEnter(userId: string, at: number, why: string, context: RunContext | null = null): Run | null {
    if (!this.mayEnter(userId, at)) return null;
    const runs = this.store.runsOf(userId);
    const run = this.store.createRun({
      journeyId: this.journey.id, userId, seq: runs.length + 1, status: 'active', nodeId: this.entry.id, enteredAt: at, nodeAt: at,
      steps: 1, wakeAt: null, waitUntil: null, watchMessage: null, goalAt: null, endedAt: null, context,
    });
    this.store.reached(this.entry.id);
    this.trace(run, at, this.entry.id, `entered: ${why}`);
    this.arrive(run, this.entryNext(), at);
    return run;
  }

  private entryNext(): string | null {
    return this.entry.type === 'entry_past' || this.entry.type === 'entry_event' ? this.entry.next : null;
  }

  private exit(run: Run, at: number, why: string): void {
    run.status = 'exited';
    run.endedAt = at;
    run.wakeAt = null;
    const cancelled = this.store.cancelScheduled(run.id, 'exit', at);
    this.store.updateRun(run);
    this.trace(run, at, run.nodeId ?? 'exit', `exited (${why})${cancelled > 0 ? `; ${cancelled} scheduled message${cancelled > 1 ? 's' : ''} cancelled` : ''}`);
  }

  /** Moves a run along a path, through every node that acts at once, to the next node that waits. */
  private arrive(run: Run, target: string | null, at: number): void {
    let current = target;
    for (let guard = 0; ; guard++) {
      if (guard > MAX_STEPS_PER_ARRIVAL) throw new Error(`journey ${this.journey.id}: run ${run.id} did not come to rest`);
      run.wakeAt = null;
      run.waitUntil = null;
      run.watchMessage = null;
      if (current === null) {
        run.status = 'completed';
        run.endedAt = at;
        this.trace(run, at, run.nodeId ?? 'end', 'completed the journey');
        run.nodeId = null;
        break;
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
        this.trace(run, at, node.id, `waiting for ${node.event.name} occurring by ${iso(run.waitUntil)}${grace > 0 ? `, uploaded by ${iso(run.wakeAt)}` : ''}`);
        break;
      }
      if (node.type === 'delay') {
        run.wakeAt = node.duration ? at + durationMs(node.duration) : nextTimeOfDay(at, node.until!, this.settings.zone);
        this.trace(run, at, node.id, `delay until ${iso(run.wakeAt)}`);
        break;
      }
      if (node.type === 'check') {
        const yes = this.data.userMatches(run.userId, node.condition, at);
        this.trace(run, at, node.id, `check: ${yes ? 'yes' : 'no'} (on data uploaded by ${iso(at)})`);
        current = yes ? node.yes : node.no;
        continue;
      }
      if (node.type === 'email_opened') {
        const watched = this.store.latestMessage(run.id, node.message, 'email');
        if (!watched || watched.status === 'skipped' || watched.status === 'cancelled' || watched.status === 'failed') {
          this.trace(run, at, node.id, `not opened: the email was ${watched ? `${watched.status} (${watched.reason})` : 'never sent'}`);
          current = node.not_opened;
          continue;
        }
        run.watchMessage = watched.id;
        run.wakeAt = Math.max(at, watched.dueAt) + durationMs(node.timeout);
        this.trace(run, at, node.id, `watching message ${watched.id} for an open until ${iso(run.wakeAt)}`);
        break;
      }
      if (node.type === 'entry_past' || node.type === 'entry_event') {
        current = node.next;
        continue;
      }
      this.send(run, node, at);
      current = node.next;
    }
    this.store.updateRun(run);
  }

  private send(run: Run, node: SendNode, at: number): void {
    const channel = channelOf(node);
    const profile = this.data.profile(run.userId);
    let problem: string | null = consentProblem(channel, profile);
    const dueAt = deferForQuietHours(at, this.settings);
    const cap = this.settings.dailyCap[channel];
    if (problem === null && cap !== undefined) {
      const [from, to] = localDay(dueAt, this.settings.zone);
      if (this.store.countMessages(run.userId, channel, from, to) >= cap) problem = 'frequency_cap';
    }
    const message = this.store.addMessage({
      journeyId: this.journey.id, runId: run.id, userId: run.userId, nodeId: node.id, step: run.steps, channel, dueAt,
      status: problem === null ? 'scheduled' : 'skipped', reason: problem ?? (dueAt > at ? 'quiet_hours' : null), context: run.context,
    });
    if (problem !== null) {
      this.trace(run, at, node.id, `${channel} skipped: ${problem}`);
      return;
    }
    this.trace(run, at, node.id, `${channel} scheduled for ${iso(dueAt)}${dueAt > at ? ' (after quiet hours)' : ''}`);
    this.data.onMessageScheduled?.(message);
  }

  private trace(run: Run, at: number, node: string, what: string): void {
    this.store.trace({ runId: run.id, userId: run.userId, at, node, what });
  }
}
