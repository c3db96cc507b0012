import crypto from 'node:crypto';
import { v7 as timeOrderedUuid } from 'uuid';
import type { JourneyDefinition, SendNode } from '../../../shared/journey/definition.ts';
import { isSendNode } from '../../../shared/journey/definition.ts';
import { normalizePhone } from '../../../shared/import/contact-fields.ts';
import { countryOfZone } from '../../../shared/model/zone-country.ts';
import { renderTemplate } from '../../../shared/journey/render-template.ts';
import { MAX_SMS_PARTS, smsLength } from '../../../shared/journey/sms-length.ts';
import { isProcessAlive } from '../batches/recover-imports.ts';
import { markSentBeforeRestore } from '../backup/restored-sent.ts';
import type { Clock } from '../clock.ts';
import { consentProblem, deferForQuietHours, localDay } from '../journey/send-policy.ts';
import type { RunContext, SendSettings } from '../journey/engine-types.ts';
import type { WorkerScript } from '../worker-script.ts';
import { checkpointInBackground, type BackgroundCheckpoints } from '../store/background-checkpoints.ts';
import type { Db } from '../store/open-store.ts';
import type { EmailConfig } from './channel-settings.ts';
import { composeEmail } from './message-content.ts';
import { listSendJournals, openSendJournal, readSendJournal, removeSendJournal, sendJournalFolder, sendJournalPath, type JournalContents, type SendJournal } from './send-journal.ts';
import type { EmailChannel, SendOutcome, SmsChannel } from './send-outcome.ts';

const E164 = /^\+[1-9]\d{6,14}$/;

export interface Channels {
  /** null: the channel is not configured and tested, so its messages are a dry run. */
  email: { channel: EmailChannel; config: EmailConfig; trackingSecret: Buffer } | null;
  sms: SmsChannel | null;
}

export interface DispatchReport {
  sent: number;
  dry_run: number;
  retrying: number;
  failed: number;
  /** Skipped at send time, by reason (stale, no_consent, frequency_cap…). */
  skipped: Record<string, number>;
  deferred: number;
}

interface DueRow {
  id: number;
  journey_id: number;
  user_id: string;
  node_id: string;
  channel: 'email' | 'sms' | 'in_app' | 'in_web';
  due_at: number;
  attempts: number;
  idempotency_key: string | null;
  context: string | null;
}

interface Candidate extends DueRow {
  profile: Record<string, unknown>;
}

interface Claimed extends Candidate {
  key: string;
  /** When it was handed to its provider (set as it starts). */
  startedAt: number;
}

interface Answer {
  message: Claimed;
  outcome: SendOutcome;
}

export interface DispatcherOptions {
  settings: () => SendSettings;
  maxAttempts?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  concurrency?: number;
  batchSize?: number;
  random?: () => number;
  isAlive?: (pid: number) => boolean;
  /** The checkpoint worker's script (the app names its own); false: the connection checkpoints itself. */
  checkpointWorker?: WorkerScript | false;
}

// From this many messages claimed in a run, a worker thread checkpoints the WAL while they go out.
const BACKGROUND_CHECKPOINTS_FROM = 64;
// Claimed a few at a time: a backup taken meanwhile holds at most this many more `sending` (in doubt
// when restored); the claim also records the answers that came since the last one.
const CLAIM_BATCH = 32;
// Answers are written to the store with the next claim, or this many at a time, or this long after the
// first of them came, whichever is sooner. A commit writes every page it touched (16 KB each) to the WAL,
// about as many for one message as for 30: at full speed each claim takes the answers of the batch
// before, one commit for 32 messages (BENCHMARKS.md). The journal holds them meanwhile.
const FOLD_EVERY = 64;
const FOLD_AFTER_MS = 100;

/**
 * Sends what the journeys scheduled, exactly once. Messages are claimed (`sending`, with their
 * idempotency key) a batch at a time; right before its provider is called, each send is written to the
 * run's journal (send-journal.ts), and so is each answer as it arrives. The store takes the answers a
 * batch at a time. The provider sees the same idempotency key on every attempt. A message found
 * `sending` by a later dispatcher — the app died meanwhile — is settled from its journal: answered, it
 * is recorded as answered; handed over without an answer, it is `unknown` for a person to resolve,
 * never sent again blindly; never handed over, it goes back to the outbox.
 */
export class Dispatcher {
  /** The running dispatch's id in `claimed_by` (pid:uuid; '' between runs), new at each: it also names the run's journal. */
  private owner = '';
  private readonly journeys = new Map<number, { name: string; nodes: Map<string, SendNode> }>();

  private channels: Channels = { email: null, sms: null };
  private settings: SendSettings | null = null;
  private readonly statements;

  constructor(private readonly db: Db, private readonly clock: Clock, private readonly options: DispatcherOptions) {
    this.statements = {
      // A paused journey sends nothing: its messages wait, and the stale rule applies to them on resume.
      due: db.prepare(`SELECT id, journey_id, user_id, node_id, channel, due_at, attempts, idempotency_key, context FROM messages
          WHERE status = 'scheduled' AND due_at <= ? AND (next_attempt_at IS NULL OR next_attempt_at <= ?)
            AND journey_id NOT IN (SELECT id FROM journeys WHERE state = 'paused') ORDER BY due_at, id LIMIT ?`),
      profile: db.prepare('SELECT attrs FROM users WHERE user_id = ?').pluck(),
      skip: db.prepare("UPDATE messages SET status = 'skipped', reason = ? WHERE id = ?"),
      defer: db.prepare("UPDATE messages SET next_attempt_at = ?, reason = 'quiet_hours' WHERE id = ?"),
      sentOnDueDay: db.prepare("SELECT count(*) FROM messages WHERE user_id = ? AND channel = ? AND status IN ('sent', 'sending') AND due_at >= ? AND due_at < ? AND id <> ?").pluck(),
      dryRun: db.prepare("UPDATE messages SET status = 'sent', sent_at = ?, dry_run = 1 WHERE id = ?"),
      take: db.prepare("UPDATE messages SET status = 'sending', idempotency_key = ?, claimed_by = ?, dry_run = 0 WHERE id = ? AND status = 'scheduled'"),
      release: db.prepare("UPDATE messages SET status = 'scheduled', claimed_by = NULL WHERE id = ? AND status = 'sending'"),
      attempt: db.prepare('INSERT INTO message_attempts (message_id, started_at, finished_at, outcome, error, provider_id) VALUES (?, ?, ?, ?, ?, ?)'),
      sent: db.prepare("UPDATE messages SET status = 'sent', attempts = ?, sent_at = ?, provider_id = ?, last_error = NULL, claimed_by = NULL, next_attempt_at = NULL WHERE id = ?"),
      unknown: db.prepare("UPDATE messages SET status = 'unknown', attempts = ?, last_error = ?, claimed_by = NULL WHERE id = ?"),
      retry: db.prepare("UPDATE messages SET status = 'scheduled', attempts = ?, next_attempt_at = ?, last_error = ?, claimed_by = NULL WHERE id = ?"),
      failed: db.prepare("UPDATE messages SET status = 'failed', attempts = ?, last_error = ?, claimed_by = NULL WHERE id = ?"),
    };
  }

  /**
   * Messages left `sending` by a dispatcher that is gone, settled from its journal: answered ones as
   * answered, those handed to a provider without an answer `unknown`, those never handed over back to
   * the outbox. A claim no journal vouches for (an older version's, or a journal cut short) is `unknown`.
   * Returns how many became `unknown`.
   */
  markInDoubt(): number {
    const isAlive = this.options.isAlive ?? isProcessAlive;
    const rows = this.db.prepare("SELECT id, channel, attempts, claimed_by FROM messages WHERE status = 'sending'").all() as Array<Pick<DueRow, 'id' | 'channel' | 'attempts'> & { claimed_by: string | null }>;
    const orphans = rows.filter((row) => {
      if (row.claimed_by === this.owner) return false;
      const pid = Number((row.claimed_by ?? '').split(':')[0]);
      // Another dispatcher that is still running (the app, while the command line ticks) owns its own attempts.
      return !(Number.isInteger(pid) && pid > 0 && pid !== process.pid && isAlive(pid));
    });
    const journals = new Map<string, JournalContents | null>();
    for (const orphan of orphans) {
      const owner = orphan.claimed_by ?? '';
      if (journals.has(owner)) continue;
      const file = sendJournalPath(this.db.name, owner);
      journals.set(owner, file === null ? null : readSendJournal(file));
    }
    const now = this.clock.now();
    const report: DispatchReport = { sent: 0, dry_run: 0, retrying: 0, failed: 0, skipped: {}, deferred: 0 };
    let inDoubt = 0;
    this.db.transaction(() => {
      for (const orphan of orphans) {
        const journal = journals.get(orphan.claimed_by ?? '') ?? null;
        const startedAt = journal?.started.get(orphan.id);
        const answer = journal?.answers.get(orphan.id);
        const message = { id: orphan.id, channel: orphan.channel, attempts: orphan.attempts + 1, startedAt: startedAt ?? now };
        if (startedAt !== undefined && answer !== undefined) {
          this.settle(message, answer, report);
        } else if (journal?.intact && startedAt === undefined) {
          this.statements.release.run(orphan.id);
        } else {
          const error = 'the app stopped while this message was being sent: check with the provider, then retry or mark it sent';
          if (startedAt !== undefined) {
            this.statements.attempt.run(orphan.id, startedAt, now, 'in_doubt', 'interrupted', null);
            this.statements.unknown.run(message.attempts, error, orphan.id);
          } else {
            // An older version's claim had its attempt counted and recorded already.
            this.statements.unknown.run(orphan.attempts, error, orphan.id);
            this.db.prepare("UPDATE message_attempts SET finished_at = ?, outcome = 'in_doubt', error = 'interrupted' WHERE message_id = ? AND finished_at IS NULL").run(now, orphan.id);
          }
          inDoubt += 1;
        }
      }
    }).immediate();
    this.removeDeadJournals(isAlive);
    return inDoubt;
  }

  /** Journals of runs that are over: what they said is in the store now (markInDoubt runs between dispatches). */
  private removeDeadJournals(isAlive: (pid: number) => boolean): void {
    const folder = sendJournalFolder(this.db.name);
    if (folder === null) return;
    for (const { owner, file } of listSendJournals(folder)) {
      const pid = Number(owner.split(':')[0]);
      if (owner !== this.owner && (pid === process.pid || !isAlive(pid))) removeSendJournal(file);
    }
  }

  /** Sends everything due now over these channels (a channel that is null is a dry run); `heartbeat` runs before each claim. */
  async dispatchDue(channels: Channels, heartbeat?: () => void): Promise<DispatchReport> {
    markSentBeforeRestore(this.db, this.clock.now());
    this.channels = channels;
    this.settings = this.options.settings();
    this.journeys.clear();
    this.owner = `${process.pid}:${crypto.randomUUID()}`;
    // Created before anything is claimed: a claim of this run is always vouched for by its journal.
    const journal = openSendJournal(sendJournalPath(this.db.name, this.owner));
    const report: DispatchReport = { sent: 0, dry_run: 0, retrying: 0, failed: 0, skipped: {}, deferred: 0 };
    try {
      await this.sendWindow(report, journal, heartbeat);
    } catch (error) {
      journal.close();
      throw error;
    } finally {
      // The run is over: what it left `sending` (if it failed) is the next markInDoubt's to settle, from its journal.
      this.owner = '';
    }
    journal.discard();
    return report;
  }

  private node(journeyId: number, nodeId: string): { name: string; node: SendNode | undefined } {
    let journey = this.journeys.get(journeyId);
    if (!journey) {
      const definition = JSON.parse(this.db.prepare('SELECT definition FROM journeys WHERE id = ?').pluck().get(journeyId) as string) as JourneyDefinition;
      journey = { name: definition.name, nodes: new Map(definition.nodes.filter(isSendNode).map((node) => [node.id, node])) };
      this.journeys.set(journeyId, journey);
    }
    return { name: journey.name, node: journey.nodes.get(nodeId) };
  }

  /**
   * One transaction: records the answers given, re-checks the sending rules at send time (stale, consent, quiet hours, caps), marks
   * dry-run messages sent, and claims those to send for real (`sending`, with their idempotency key).
   * null when nothing is due.
   */
  private claim(report: DispatchReport, answers: readonly Answer[]): Claimed[] | null {
    const now = this.clock.now();
    const settings = this.settings!;
    const statements = this.statements;
    return this.db.transaction((): Claimed[] | null => {
      for (const { message, outcome } of answers) this.settle(message, outcome, report);
      const due = statements.due.all(now, now, this.options.batchSize ?? CLAIM_BATCH) as DueRow[];
      if (due.length === 0) return null;
      const claimed: Claimed[] = [];
      const skip = { run: (reason: string, id: number) => {
        statements.skip.run(reason, id);
        report.skipped[reason] = (report.skipped[reason] ?? 0) + 1;
      } };
      for (const row of due) {
        const profileText = statements.profile.get(row.user_id) as string | undefined;
        const profile = profileText === undefined ? null : { ...(JSON.parse(profileText) as Record<string, unknown>), user_id: row.user_id };
        if (now - row.due_at > settings.staleAfterMs) {
          skip.run('stale', row.id);
          continue;
        }
        const consent = consentProblem(row.channel, profile);
        if (consent) {
          skip.run(consent, row.id);
          continue;
        }
        const allowed = deferForQuietHours(now, settings);
        if (allowed > now) {
          statements.defer.run(allowed, row.id);
          report.deferred += 1;
          continue;
        }
        const cap = settings.dailyCap[row.channel];
        if (cap !== undefined) {
          // Counted by the day the message was due, as the journeys count: yesterday's overdue message sent
          // this morning does not use up today's cap.
          const [from, to] = localDay(row.due_at, settings.zone);
          const sameDay = statements.sentOnDueDay.get(row.user_id, row.channel, from, to, row.id) as number;
          if (sameDay >= cap) {
            skip.run('frequency_cap', row.id);
            continue;
          }
        }
        const live = (row.channel === 'email' && this.channels.email) || (row.channel === 'sms' && this.channels.sms);
        if (!live) {
          statements.dryRun.run(now, row.id);
          report.dry_run += 1;
          continue;
        }
        // Ordered by time (UUIDv7: 74 random bits still make it unguessable; it names unsubscribe links): each
        // commit adds its keys at one end of the unique key index rather than at random places in it.
        const key = row.idempotency_key ?? timeOrderedUuid();
        if (statements.take.run(key, this.owner, row.id).changes === 0) continue;
        claimed.push({ ...row, profile: profile!, attempts: row.attempts + 1, key, startedAt: 0 });
      }
      return claimed;
    }).immediate();
  }

  /**
   * A sliding window of at most `concurrency` sends in flight, refilled as answers arrive. Each send is
   * written to the journal right before its provider call, each answer as it comes; the store takes the
   * answers in small batches (FOLD_EVERY, FOLD_AFTER_MS), and with each claim, so that the caps count
   * them. At most the sends in flight can be in doubt if the process dies. Due messages are claimed a
   * batch at a time, while earlier sends are still out.
   */
  private async sendWindow(report: DispatchReport, journal: SendJournal, heartbeat?: () => void): Promise<void> {
    const size = this.options.concurrency ?? 8;
    const inFlight = new Set<Promise<void>>();
    let queue: Claimed[] = [];
    let next = 0;
    let claims = 0;
    let exhausted = false;
    let answers: Answer[] = [];
    let wake: (() => void) | undefined;
    let foldTimer: NodeJS.Timeout | undefined;
    let foldDue = false;
    let checkpoints: BackgroundCheckpoints | null = null;
    let claimedInRun = 0;
    const takeAnswers = (): Answer[] => {
      clearTimeout(foldTimer);
      foldTimer = undefined;
      foldDue = false;
      const taken = answers;
      answers = [];
      return taken;
    };
    const fold = () => {
      const settling = takeAnswers();
      if (settling.length > 0) this.db.transaction(() => settling.forEach(({ message, outcome }) => this.settle(message, outcome, report))).immediate();
    };
    try {
      for (;;) {
        if (next === queue.length && !exhausted) {
          heartbeat?.();
          const claimed = claims++ < 100_000 ? this.claim(report, takeAnswers()) : (fold(), null);
          if (claimed === null) exhausted = true;
          else [queue, next, claimedInRun] = [claimed, 0, claimedInRun + claimed.length];
          // Each commit adds pages to the WAL; copying them back into the database and syncing it, done at
          // the commits, cost the dispatcher as much as recording the messages (BENCHMARKS.md).
          if (!checkpoints && claimedInRun >= BACKGROUND_CHECKPOINTS_FROM && this.options.checkpointWorker !== false) {
            checkpoints = checkpointInBackground(this.db, this.options.checkpointWorker || undefined);
          }
        }
        if (answers.length >= FOLD_EVERY || foldDue) fold();
        const starting = queue.slice(next, next + Math.max(0, size - inFlight.size));
        const startedAt = this.clock.now();
        for (const message of starting) message.startedAt = startedAt;
        // Written before their providers are called (a write that fails leaves them unsent, to release).
        if (starting.length > 0) journal.started(starting);
        next += starting.length;
        for (const message of starting) {
          const sending: Promise<void> = this.sendOne(message)
            // Whatever went wrong, the provider may have been called: settled as in doubt, never sent blindly again.
            .catch((error: unknown): SendOutcome => ({ kind: 'in_doubt', error: error instanceof Error ? error.message : String(error) }))
            .then((outcome) => {
              journal.answered(message.id, outcome);
              answers.push({ message, outcome });
              foldTimer ??= setTimeout(() => {
                foldDue = true;
                wake?.();
              }, FOLD_AFTER_MS);
              inFlight.delete(sending);
              wake?.();
            });
          inFlight.add(sending);
        }
        if (inFlight.size === 0 && next === queue.length && exhausted) {
          fold();
          return;
        }
        if (next === queue.length && !exhausted && inFlight.size < size) continue;
        await new Promise<void>((resolve) => {
          wake = resolve;
        });
        wake = undefined;
        // Let the other answers of this turn of the event loop come in.
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
    } catch (error) {
      // No send goes on unobserved: wait for those out, record their answers and give back the messages
      // never handed over, if the store still lets us (else the journal says it all to the next run), then fail.
      await Promise.allSettled(inFlight);
      try {
        const unsent = queue.slice(next);
        fold();
        this.db.transaction(() => unsent.forEach((message) => this.statements.release.run(message.id))).immediate();
      } catch {
        // settled from the journal by the next run, as above
      }
      throw error;
    } finally {
      clearTimeout(foldTimer);
      await checkpoints?.stop();
    }
  }

  private async sendOne(message: Claimed): Promise<SendOutcome> {
    const { name, node } = this.node(message.journey_id, message.node_id);
    if (!node) return { kind: 'permanent', error: `the journey no longer has node "${message.node_id}"` };
    const context = message.context === null ? null : (JSON.parse(message.context) as RunContext);
    const values = { profile: message.profile, event: context?.params ?? null };
    if (message.channel === 'email') {
      const email = this.channels.email!;
      return email.channel.send(composeEmail(node, name, values, String(message.profile.email), message.key, email.config, email.trackingSecret));
    }
    const text = renderTemplate(node.body ?? '', values, 'text');
    const length = smsLength(text);
    if (length.parts > MAX_SMS_PARTS) return { kind: 'permanent', error: `the SMS text is ${length.units} ${length.encoding} characters, more than ${MAX_SMS_PARTS} parts` };
    // Numbers imported without a store zone were kept as written: an SMS needs the international form.
    // One already in it was checked when imported (parsing it again cost more than the rest of a send).
    const phone = String(message.profile.phone);
    const to = E164.test(phone) ? phone : normalizePhone(phone, countryOfZone(this.settings!.zone));
    if (to === null || !to.startsWith('+')) return { kind: 'permanent', error: `the phone number "${String(message.profile.phone)}" has no country code; set the stores' time zone or fix the member sheet` };
    return this.channels.sms!.send({ to, text, requestId: message.key });
  }

  /** Records an answer (inside a transaction): sent, retry later (exponential backoff with jitter, Retry-After honoured), or failed. */
  private settle(message: Pick<Claimed, 'id' | 'channel' | 'attempts' | 'startedAt'>, outcome: SendOutcome, report: DispatchReport): void {
    const now = this.clock.now();
    const maxAttempts = this.options.maxAttempts ?? 6;
    const { attempt, sent, unknown, retry, failed } = this.statements;
    const attempts = message.attempts;
    if (outcome.kind === 'accepted') {
      attempt.run(message.id, message.startedAt, now, 'accepted', null, outcome.providerId);
      sent.run(attempts, now, outcome.providerId, message.id);
      report.sent += 1;
      return;
    }
    attempt.run(message.id, message.startedAt, now, outcome.kind, outcome.error, null);
    const retryable = outcome.kind === 'transient' || (outcome.kind === 'in_doubt' && message.channel === 'sms');
    if (outcome.kind === 'in_doubt' && !retryable) {
      // SMTP has no idempotency key the server honours: a second attempt could deliver twice.
      unknown.run(attempts, outcome.error, message.id);
      report.failed += 1;
      return;
    }
    if (retryable && attempts < maxAttempts) {
      const base = Math.min(this.options.maxDelayMs ?? 3_600_000, (this.options.baseDelayMs ?? 60_000) * 2 ** (attempts - 1));
      const jittered = base * (0.5 + (this.options.random ?? Math.random)() / 2);
      const random = (this.options.random ?? Math.random)();
      const delay = outcome.kind === 'transient' && outcome.retryAfterMs !== undefined ? outcome.retryAfterMs * (1 + random / 10) : jittered;
      retry.run(attempts, now + Math.ceil(delay), outcome.error, message.id);
      report.retrying += 1;
      return;
    }
    failed.run(attempts, outcome.error, message.id);
    report.failed += 1;
  }
}
