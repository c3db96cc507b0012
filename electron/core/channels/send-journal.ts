import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { SendOutcome } from './send-outcome.ts';

/**
 * The dispatcher's write-ahead record of its sends: a line appended right before each provider call
 * (`started`) and one as each answer arrives (`answered`), while the store is updated a batch of
 * answers at a time. After a crash it says which messages claimed `sending` were handed to a provider
 * (in doubt, or answered) and which never were (they go back to the outbox).
 *
 * Lines are written without an fsync, as the store's commits are (`synchronous = NORMAL`): both
 * survive the process being killed, and a power loss may lose the last of either.
 */
export interface SendJournal {
  /** The sends about to be handed to their providers, in one write (those that start in the same turn). */
  started(sends: ReadonlyArray<{ id: number; startedAt: number }>): void;
  answered(messageId: number, outcome: SendOutcome): void;
  /** Everything it held is in the store: the file goes. */
  discard(): void;
  /** The store may not hold all of it (the run failed): the file stays for the next run to settle from. */
  close(): void;
}

export interface JournalContents {
  /** When each message was handed to its provider. */
  started: Map<number, number>;
  answers: Map<number, SendOutcome>;
  /** false when a line could not be read (a write cut short): what it said is unknown. */
  intact: boolean;
}

// A run's journal holds two short lines a message; far beyond this it is not one the dispatcher wrote.
const MAX_JOURNAL_BYTES = 256 * 1024 * 1024;
const OWNER = /^([1-9]\d{0,9}):([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;
const FILE = /^([1-9]\d{0,9})-([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.jsonl$/;

/** The folder of a store's journals, `<store>.sends`; null for a store in memory, which nothing outlives. */
export function sendJournalFolder(storeFile: string): string | null {
  return storeFile === '' || storeFile === ':memory:' ? null : `${storeFile}.sends`;
}

/** The journal of the run that claims as `owner` (pid:uuid): `<store>.sends/<pid>-<uuid>.jsonl`. */
export function sendJournalPath(storeFile: string, owner: string): string | null {
  const folder = sendJournalFolder(storeFile);
  const match = OWNER.exec(owner);
  return folder === null || match === null ? null : path.join(folder, `${match[1]}-${match[2]}.jsonl`);
}

/** The journals in a store's folder, by the owner that wrote each. */
export function listSendJournals(folder: string): Array<{ owner: string; file: string }> {
  let names: string[];
  try {
    names = fs.readdirSync(folder);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  return names.flatMap((name) => {
    const match = FILE.exec(name);
    return match === null ? [] : [{ owner: `${match[1]}:${match[2]}`, file: path.join(folder, name) }];
  });
}

/** Creates the run's journal before anything is claimed, so that a claim without a journal means an older version's claim. */
export function openSendJournal(file: string | null): SendJournal {
  if (file === null) return { started: () => undefined, answered: () => undefined, discard: () => undefined, close: () => undefined };
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  let fd: number | null = fs.openSync(file, 'a', 0o600);
  // Answers wait for the next sends' lines and go out in the same write: at most one system call a message. An
  // answer not written yet when the process dies leaves its message in doubt, as without a journal; a
  // run that fails (its store stopped taking writes, say) writes them as it closes.
  let answers = '';
  const close = () => {
    if (fd === null) return;
    try {
      if (answers !== '') fs.writeSync(fd, answers);
    } catch {
      // (A full disk, say.) The answers not written leave their messages in doubt; the run's own error is the one to report.
    } finally {
      answers = '';
      fs.closeSync(fd);
      fd = null;
    }
  };
  return {
    started(sends) {
      if (fd === null) throw new Error('the send journal is closed');
      let lines = answers;
      for (const { id, startedAt } of sends) lines += `{"s":${id},"t":${startedAt}}\n`;
      fs.writeSync(fd, lines);
      answers = '';
    },
    answered(messageId, outcome) {
      answers += `${JSON.stringify({ a: messageId, o: outcome })}\n`;
    },
    discard() {
      answers = '';
      close();
      fs.rmSync(file, { force: true });
    },
    close,
  };
}

const outcomeSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('accepted'), providerId: z.string().max(10_000) }),
  z.strictObject({ kind: z.literal('transient'), error: z.string().max(10_000), retryAfterMs: z.number().nonnegative().optional() }),
  z.strictObject({ kind: z.literal('permanent'), error: z.string().max(10_000) }),
  z.strictObject({ kind: z.literal('in_doubt'), error: z.string().max(10_000) }),
]);
const lineSchema = z.union([
  z.strictObject({ s: z.number().int().positive(), t: z.number().int() }),
  z.strictObject({ a: z.number().int().positive(), o: outcomeSchema }),
]);

/** What a run's journal says; null when there is none. */
export function readSendJournal(file: string): JournalContents | null {
  let text: string;
  try {
    if (fs.statSync(file).size > MAX_JOURNAL_BYTES) return { started: new Map(), answers: new Map(), intact: false };
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  const contents: JournalContents = { started: new Map(), answers: new Map(), intact: true };
  for (const line of text.split('\n')) {
    if (line === '') continue;
    let parsed: z.infer<typeof lineSchema>;
    try {
      parsed = lineSchema.parse(JSON.parse(line));
    } catch {
      contents.intact = false;
      continue;
    }
    if ('s' in parsed) contents.started.set(parsed.s, parsed.t);
    else contents.answers.set(parsed.a, parsed.o);
  }
  return contents;
}

/** The journal goes once the store holds what it said. */
export function removeSendJournal(file: string): void {
  fs.rmSync(file, { force: true });
}
