import type { JourneyDefinition, JourneyNode } from '../../../shared/journey/definition.ts';
import { formatDuration } from '../../../shared/journey/duration.ts';
import type { Db } from '../store/open-store.ts';
import { advanceJourney } from './advance-journey.ts';
import type { SendSettings } from './engine-types.ts';
import { JourneyEngine } from './journey-engine.ts';
import { MemoryEngineData } from './memory-engine-data.ts';
import { MemoryEngineStore } from './memory-engine-store.ts';
import { loadPreviewDataNow } from './preview-data.ts';
import { simulateEvents } from './simulate-journey.ts';

export interface JourneyTestResult {
  user_id: string;
  started_at: string;
  wait: string;
  status: string;
  path: string[];
  messages: Array<{ node: string; channel: string; at: string; status: string; reason: string | null }>;
  trace: Array<{ at: string; node: string; what: string }>;
}

/** Every wait of the journey shortened to `waitMs`, grace dropped, nobody held back (AIQUA's journey test). */
export function shortenWaits(definition: JourneyDefinition, waitMs: number): JourneyDefinition {
  const wait = formatDuration(waitMs);
  const nodes = definition.nodes.map((node): JourneyNode => {
    if (node.type === 'wait_for') return { ...node, timeout: wait, grace: undefined };
    if (node.type === 'delay') return { ...node, duration: wait, until: undefined };
    if (node.type === 'email_opened') return { ...node, timeout: wait };
    return node;
  });
  // The test shows what the customer receives: never held back in a control group.
  return { ...definition, nodes, reentry: { mode: 'unlimited', min_interval: 'PT0S' }, control: undefined };
}

/**
 * Sends one user through a journey now, whatever its entry condition, with every wait shortened,
 * on the local data and in memory: nothing is written and nothing is sent.
 */
export function testJourneyOnUser(db: Db, definition: JourneyDefinition, userId: string,
  options: { now: number; waitMs: number; opened: boolean }, settings: SendSettings): JourneyTestResult {
  const shortened = shortenWaits(definition, options.waitMs);
  const data = loadPreviewDataNow(db, shortened);
  const profile = data.profiles.get(userId);
  const horizon = options.now + (definition.nodes.length + 1) * options.waitMs * 2;
  const simulated = simulateEvents(data.events, { mode: 'recorded' }, settings.zone, { from: options.now, to: horizon }, userId);
  const engineData = new MemoryEngineData(new Map(profile ? [[userId, profile]] : []), simulated,
    { rate: options.opened ? 1 : 0, seed: 1, afterMs: Math.floor(options.waitMs / 2) });
  const store = new MemoryEngineStore();
  const engine = new JourneyEngine({ id: 0, definition: shortened, activatedAt: options.now }, store, engineData, { ...settings, quietHours: null, dailyCap: {} });
  engine.tryEnter(userId, options.now, 'journey test');
  advanceJourney(engine, store, engineData, horizon);
  const iso = (ms: number) => new Date(ms).toISOString();
  const trace = (store.traces.get(userId) ?? []).map((entry) => ({ at: iso(entry.at), node: entry.node, what: entry.what }));
  const path = trace.map((entry) => entry.node).filter((node, index, all) => index === 0 || all[index - 1] !== node);
  return {
    user_id: userId,
    started_at: iso(options.now),
    wait: formatDuration(options.waitMs),
    status: store.runs[0]?.status ?? 'not entered',
    path,
    messages: store.messages.map((message) => ({ node: message.nodeId, channel: message.channel, at: iso(message.dueAt), status: message.status, reason: message.reason })),
    trace,
  };
}
