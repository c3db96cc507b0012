import { CONTROL_GROUP_REASON } from '../../../shared/journey/control-group.ts';
import type { Channel } from '../../../shared/journey/definition.ts';
import type { EngineStore, EntryState, Message, NewMessage, NewRun, Run, TraceEntry } from './engine-types.ts';
import { MinHeap } from './min-heap.ts';

// Shared and frozen: returned where a user has no runs, so a million events allocate nothing for them.
const NO_RUNS = Object.freeze([]) as unknown as Run[];
const NO_MESSAGES = Object.freeze([]) as unknown as Message[];

/** A journey's state in memory, for previews and tests on one user: nothing is written to the store. */
export class MemoryEngineStore implements EngineStore {
  readonly shared = false;
  readonly runs: Run[] = [];
  readonly messages: Message[] = [];
  readonly traces = new Map<string, Array<Omit<TraceEntry, 'userId' | 'runId'>>>();
  readonly reachedCounts = new Map<string, number>();
  private readonly byUser = new Map<string, Run[]>();
  private readonly entries = new Map<string, EntryState>();
  private readonly active = new Map<string, Run>();
  private readonly timers = new MinHeap<{ run: Run; version: number }>();
  private readonly timerVersion = new Map<number, number>();
  private readonly byRun = new Map<number, Message[]>();
  /** Per channel, each user's messages (a map per channel: no key built per message). */
  private readonly byUserChannel = new Map<Channel, Map<string, Message[]>>();
  private nextEval: number | null = null;

  /** `traceUser` decides whose steps are kept (all users' traces of a large preview would not fit). */
  constructor(private readonly traceUser: (userId: string) => boolean = () => true) {}

  transaction<T>(work: () => T): T {
    return work();
  }

  createRun(run: NewRun, triggerAt: number | null): Run {
    const stored: Run = { ...run, id: this.runs.length + 1 };
    this.runs.push(stored);
    const list = this.byUser.get(run.userId);
    if (list) list.push(stored);
    else this.byUser.set(run.userId, [stored]);
    this.entries.set(run.userId, { entries: (this.entries.get(run.userId)?.entries ?? 0) + 1, lastEnteredAt: run.enteredAt, lastTriggerAt: triggerAt });
    this.index(stored);
    return stored;
  }

  updateRun(run: Run): void {
    const stored = this.runs[run.id - 1]!;
    if (stored !== run) Object.assign(stored, run);
    this.index(stored);
  }

  private index(run: Run): void {
    if (run.status === 'active') this.active.set(run.userId, run);
    else if (this.active.get(run.userId) === run) this.active.delete(run.userId);
    const version = (this.timerVersion.get(run.id) ?? 0) + 1;
    this.timerVersion.set(run.id, version);
    if (run.status === 'active' && run.wakeAt !== null) this.timers.push(run.wakeAt, { run, version });
  }

  activeRun(userId: string): Run | undefined {
    return this.active.get(userId);
  }

  entryState(userId: string): EntryState | undefined {
    return this.entries.get(userId);
  }

  goalCandidates(userId: string, from: number, to: number): Run[] {
    let candidates: Run[] | null = null;
    for (const run of this.byUser.get(userId) ?? NO_RUNS) {
      if (run.goalAt === null && run.enteredAt >= from && run.enteredAt <= to) (candidates ??= []).push(run);
    }
    return candidates ?? NO_RUNS;
  }

  nextDueRun(until: number): Run | undefined {
    for (;;) {
      const top = this.timers.peek();
      if (!top) return undefined;
      const { run, version } = top.value;
      if (version !== this.timerVersion.get(run.id) || run.status !== 'active' || run.wakeAt !== top.key) {
        this.timers.pop();
        continue;
      }
      return top.key <= until ? run : undefined;
    }
  }

  addMessage(message: NewMessage): Message {
    const stored: Message = { ...message, id: this.messages.length + 1 };
    this.messages.push(stored);
    const ofRun = this.byRun.get(message.runId);
    if (ofRun) ofRun.push(stored);
    else this.byRun.set(message.runId, [stored]);
    let ofChannel = this.byUserChannel.get(message.channel);
    if (!ofChannel) this.byUserChannel.set(message.channel, ofChannel = new Map());
    const ofUser = ofChannel.get(message.userId);
    if (ofUser) ofUser.push(stored);
    else ofChannel.set(message.userId, [stored]);
    return stored;
  }

  message(id: number): Message | undefined {
    return this.messages[id - 1];
  }

  latestMessage(runId: number, nodeId: string | undefined, channel: Channel): Message | undefined {
    const messages = this.byRun.get(runId) ?? [];
    for (let index = messages.length - 1; index >= 0; index--) {
      const message = messages[index]!;
      if (message.channel === channel && (nodeId === undefined || message.nodeId === nodeId)) return message;
    }
    return undefined;
  }

  /** A preview sends every message at its due time, so "not yet dispatched" is "due after `at`" (a control run's would-have-sent too). */
  cancelScheduled(runId: number, reason: string, at: number): number {
    let cancelled = 0;
    for (const message of this.byRun.get(runId) ?? []) {
      if ((message.status === 'scheduled' || (message.status === 'skipped' && message.reason === CONTROL_GROUP_REASON)) && message.dueAt > at) {
        message.status = 'cancelled';
        message.reason = reason;
        cancelled += 1;
      }
    }
    return cancelled;
  }

  countMessages(userId: string, channel: Channel, from: number, to: number): number {
    let count = 0;
    for (const message of this.byUserChannel.get(channel)?.get(userId) ?? NO_MESSAGES) {
      if ((message.status === 'scheduled' || message.status === 'sent') && message.dueAt >= from && message.dueAt < to) count += 1;
    }
    return count;
  }

  nextEvaluationAt(): number | null {
    return this.nextEval;
  }

  setNextEvaluationAt(at: number | null): void {
    this.nextEval = at;
  }

  keepsTrace(userId: string): boolean {
    return this.traceUser(userId);
  }

  trace(entry: TraceEntry): void {
    if (!this.traceUser(entry.userId)) return;
    const list = this.traces.get(entry.userId);
    const item = { at: entry.at, node: entry.node, what: entry.what };
    if (list) list.push(item);
    else this.traces.set(entry.userId, [item]);
  }

  reached(nodeId: string): void {
    this.reachedCounts.set(nodeId, (this.reachedCounts.get(nodeId) ?? 0) + 1);
  }
}
