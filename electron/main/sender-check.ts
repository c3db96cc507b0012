import { isAppUrl } from './app-origin.ts';

/** The parts of Electron's WebFrameMain the check reads. */
export interface FrameLike {
  readonly url: string;
  readonly parent: unknown;
  readonly processId: number;
  readonly routingId: number;
}

/** The parts of an IpcMainInvokeEvent the check reads. */
export interface SenderEvent {
  readonly sender: { readonly id: number };
  readonly senderFrame: FrameLike | null;
}

/** Our window's webContents, as the check sees it. */
export interface OwnContents {
  readonly id: number;
  readonly mainFrame: FrameLike;
  isDestroyed(): boolean;
}

/** True only for a message from the main frame of our own window, showing our app:// origin. */
export function isTrustedSender(event: SenderEvent, contents: OwnContents | null): boolean {
  const frame = event.senderFrame;
  if (!frame || !contents || contents.isDestroyed()) return false;
  if (event.sender.id !== contents.id) return false;
  const main = contents.mainFrame;
  if (frame.parent !== null || frame.processId !== main.processId || frame.routingId !== main.routingId) return false;
  return isAppUrl(frame.url);
}
