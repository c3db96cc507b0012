import type { Scalar } from '../../../shared/journey/conditions.ts';
import type { Group } from '../../../shared/journey/control-group.ts';
import type { Channel, Segment } from '../../../shared/journey/definition.ts';

export type RunStatus = 'active' | 'completed' | 'exited' | 'stopped';

/** One user's pass through a journey. */
export interface Run {
  id: number;
  journeyId: number;
  userId: string;
  /** The n-th time this user entered this journey. */
  seq: number;
  /** Control: held back, the run goes through the journey's timing but its messages are only recorded (would-have-sent). */
  group: Group;
  status: RunStatus;
  nodeId: string | null;
  enteredAt: number;
  /** When the run reached its current node. */
  nodeAt: number;
  /** Node arrivals so far: makes each message of a run unique even on a path that loops. */
  steps: number;
  /** The timer of the current node, if it has one. */
  wakeAt: number | null;
  /** wait_for: the latest occurred_at that still counts (arrival + timeout). */
  waitUntil: number | null;
  /** email_opened: the message being watched. */
  watchMessage: number | null;
  goalAt: number | null;
  endedAt: number | null;
  /** Why the engine stopped this run (status `stopped`), e.g. a loop that never waits. */
  error: string | null;
  /** The event that last moved the run (its entry trigger or a matched wait): `{{event.…}}` in messages. */
  context: RunContext | null;
}

export interface RunContext {
  name: string;
  occurredAt: number;
  params: Record<string, Scalar>;
}

export type NewRun = Omit<Run, 'id'>;

/** What re-entry rules need to know of a user's past runs in a journey. */
export interface EntryState {
  entries: number;
  lastEnteredAt: number;
  /** occurred_at of the event that made the user enter last (real-time entries). */
  lastTriggerAt: number | null;
}

export type MessageStatus = 'scheduled' | 'sending' | 'sent' | 'skipped' | 'cancelled' | 'failed' | 'unknown';

export interface Message {
  id: number;
  journeyId: number;
  runId: number;
  userId: string;
  nodeId: string;
  step: number;
  channel: Channel;
  dueAt: number;
  status: MessageStatus;
  reason: string | null;
  context: RunContext | null;
}

export type NewMessage = Omit<Message, 'id'>;

/** An event as the engine sees it. */
export interface EngineEvent {
  userId: string;
  name: string;
  occurredAt: number;
  isOffline: boolean;
  params: Record<string, Scalar>;
}

/** Events that became visible (were ingested) at one instant. */
export interface Ingestion {
  at: number;
  events: Iterable<EngineEvent>;
  /** Marks the ingestion processed (called inside the transaction that processed it). */
  done(): void;
}

export interface TraceEntry {
  runId: number | null;
  userId: string;
  at: number;
  node: string;
  what: string;
}

/** Where a journey's state lives: SQLite in the app, memory in a preview. Bound to one journey. */
export interface EngineStore {
  /** Other processes may write between transactions (SQLite): what is due is read again inside each one. */
  readonly shared: boolean;
  transaction<T>(work: () => T): T;
  /** Creates a run and records the entry in the user's entry state. */
  createRun(run: NewRun, triggerAt: number | null): Run;
  updateRun(run: Run): void;
  activeRun(userId: string): Run | undefined;
  entryState(userId: string): EntryState | undefined;
  /** The user's runs without a goal yet that entered in [from, to]. */
  goalCandidates(userId: string, from: number, to: number): Run[];
  nextDueRun(until: number): Run | undefined;
  addMessage(message: NewMessage): Message;
  message(id: number): Message | undefined;
  latestMessage(runId: number, nodeId: string | undefined, channel: Channel): Message | undefined;
  /** Cancels the run's messages not yet dispatched as of `at` (and a control run's would-have-sent due after `at`); returns how many. */
  cancelScheduled(runId: number, reason: string, at: number): number;
  /** Messages of a channel to a user due in [from, to) that are scheduled or sent, across journeys. */
  countMessages(userId: string, channel: Channel, from: number, to: number): number;
  nextEvaluationAt(): number | null;
  setNextEvaluationAt(at: number | null): void;
  trace(entry: TraceEntry): void;
  /** Whether steps of this user are traced at all (absent: always); the engine skips building the text otherwise. */
  keepsTrace?(userId: string): boolean;
  /** A run reached a node (for per-node counts). */
  reached(nodeId: string): void;
}

/** The customer data a journey reads, as visible at a processing time. */
export interface EngineData {
  /** The profile as known at `at`: changes committed later are not seen (a catch-up reads the past as it was). */
  profile(userId: string, at: number): Record<string, unknown> | null;
  /**
   * Users matching a segment at `at`; `skip` rules out users early (those who may not enter now), and
   * `retire` those who may never enter again (re-entry used up), which a preview stops looking at.
   */
  usersMatching(segment: Segment, at: number, skip?: (userId: string) => boolean, retire?: (userId: string) => boolean): Iterable<string>;
  userMatches(userId: string, segment: Segment, at: number): boolean;
  /** The earliest unprocessed ingestion at or before `until`. */
  nextIngestion(until: number): Ingestion | null;
  /** A preview decides unknown outcomes (email opens) when a message is scheduled. */
  onMessageScheduled?(message: Message): void;
}

/** Sending rules (PRODUCT.md §4): quiet hours, consent, caps, staleness. */
export interface SendSettings {
  /** IANA zone for quiet hours, delays until a time of day, and daily caps. */
  zone: string;
  quietHours: { start: string; end: string } | null;
  /** Messages per user per channel per local day; absent: no cap. */
  dailyCap: Partial<Record<Channel, number>>;
  staleAfterMs: number;
}
