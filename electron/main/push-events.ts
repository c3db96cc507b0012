import type { EventName } from '../../shared/contract/events.ts';
import { EVENT_CHANNEL } from '../preload/ipc-channels.ts';

export interface EventSink {
  isDestroyed(): boolean;
  send(channel: string, message: unknown): void;
}

export type GetContents<T> = () => T | null;

/** Sends one event to the window, if it is still there. */
export function sendEvent(getContents: GetContents<EventSink>, event: EventName, payload: unknown): void {
  const contents = getContents();
  if (contents && !contents.isDestroyed()) contents.send(EVENT_CHANNEL, { event, payload });
}

/** Forwards every core event to the window; returns the unsubscribe function. */
export function forwardCoreEvents(
  core: { on(listener: (event: EventName, payload: unknown) => void): () => void },
  getContents: GetContents<EventSink>,
): () => void {
  return core.on((event, payload) => sendEvent(getContents, event, payload));
}
