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
  attemptId: number;
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

// From this many messages claimed at once, a worker thread checkpoints the WAL while they go out.
const BACKGROUND_CHECKPOINTS_FROM = 64;

/**
 * Sends what the journeys scheduled, exactly once. Each attempt is recorded (`sending`) in its own
 * transaction before the provider is called, and settled in another after it answers; the provider
 * sees the same idempotency key on every attempt. A message found `sending` by a later dispatcher — the
 * app died between the two — is marked `unknown` for a person to resolve, never sent again blindly.
 */
export class Dispatcher {
  private readonly owner = `${process.pid}:${crypto.randomUUID()}`;
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
      begin: db.prepare("UPDATE messages SET status = 'sending', attempts = attempts + 1, idempotency_key = ?, claimed_by = ?, dry_run = 0 WHERE id = ? AND status = 'scheduled'"),
      attempt: db.prepare('INSERT INTO message_attempts (message_id, started_at) VALUES (?, ?)'),
      finish: db.prepare('UPDATE message_attempts SET finished_at = ?, outcome = ?, error = ?, provider_id = ? WHERE id = ?'),
      sent: db.prepare("UPDATE messages SET status = 'sent', sent_at = ?, provider_id = ?, last_error = NULL, claimed_by = NULL, next_attempt_at = NULL WHERE id = ?"),
      unknown: db.prepare("UPDATE messages SET status = 'unknown', last_error = ?, claimed_by = NULL WHERE id = ?"),
      retry: db.prepare("UPDATE messages SET status = 'scheduled', next_attempt_at = ?, last_error = ?, claimed_by = NULL WHERE id = ?"),
      failed: db.prepare("UPDATE messages SET status = 'failed', last_error = ?, claimed_by = NULL WHERE id = ?"),
    };
  }

  /** Attempts left `sending` by a dispatcher that is gone. */
  markInDoubt(): number {
    const isAlive = this.options.isAlive ?? isProcessAlive;
    const rows = this.db.prepare("SELECT id, claimed_by FROM messages WHERE status = 'sending'").all() as Array<{ id: number; claimed_by: string | null }>;
    const orphans = rows.filter((row) => {
      if (row.claimed_by === this.owner) return false;
      const pid = Number((row.claimed_by ?? '').split(':')[0]);
      // Another dispatcher that is still running (the app, while the command line ticks) owns its own attempts.
      return !(Number.isInteger(pid) && pid > 0 && pid !== process.pid && isAlive(pid));
    });
    const now = this.clock.now();
    this.db.transaction(() => {
      for (const orphan of orphans) {
        this.db.prepare("UPDATE messages SET status = 'unknown', last_error = 'the app stopped while this message was being sent: check with the provider, then retry or mark it sent', claimed_by = NULL WHERE id = ?").run(orphan.id);
        this.db.prepare("UPDATE message_attempts SET finished_at = ?, outcome = 'in_doubt', error = 'interrupted' WHERE message_id = ? AND finished_at IS NULL").run(now, orphan.id);
      }
    }).immediate();
    return orphans.length;
  }

  /** Sends everything due now over these channels (a channel that is null is a dry run); `heartbeat` runs before each claim. */
  async dispatchDue(channels: Channels, heartbeat?: () => void): Promise<DispatchReport> {
    markSentBeforeRestore(this.db, this.clock.now());
    this.channels = channels;
    this.settings = this.options.settings();
    this.journeys.clear();
    const report: DispatchReport = { sent: 0, dry_run: 0, retrying: 0, failed: 0, skipped: {}, deferred: 0 };
    await this.sendWindow(report, heartbeat);
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
   * One transaction: re-checks the sending rules at send time (stale, consent, quiet hours, caps), marks
   * dry-run messages sent, and returns those to send for real. null when nothing is due.
   */
  private claim(report: DispatchReport): Candidate[] | null {
    const now = this.clock.now();
    const settings = this.settings!;
    const statements = this.statements;
    return this.db.transaction((): Candidate[] | null => {
      const due = statements.due.all(now, now, this.options.batchSize ?? 200) as DueRow[];
      if (due.length === 0) return null;
      const claimed: Candidate[] = [];
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
        claimed.push({ ...row, profile: profile! });
      }
      return claimed;
    }).immediate();
  }

  /**
   * A sliding window of at most `concurrency` sends in flight, refilled as answers arrive. Each attempt
   * is recorded (`sending`) in a transaction committed before its provider call; the answers that came
   * in meanwhile are settled in the same transaction, so one small transaction both frees and refills
   * the slots (answers arriving together are batched). At most the sends in flight can be in doubt if
   * the process dies. Due messages are claimed a batch at a time, while earlier sends are still out.
   */
  private async sendWindow(report: DispatchReport, heartbeat?: () => void): Promise<void> {
    const size = this.options.concurrency ?? 8;
    const inFlight = new Set<Promise<void>>();
    let queue: Candidate[] = [];
    let claims = 0;
    let exhausted = false;
    let answers: Array<{ message: Claimed; outcome: SendOutcome }> = [];
    let wake: (() => void) | undefined;
    let checkpoints: BackgroundCheckpoints | null = null;
    try {
      for (;;) {
        if (queue.length === 0 && !exhausted) {
          heartbeat?.();
          const claimed = claims++ < 10_000 ? this.claim(report) : null;
          if (claimed === null) exhausted = true;
          else queue = claimed;
          // Each commit adds pages to the WAL; copying them back into the database and syncing it, done at
          // the commits, cost the dispatcher as much as recording the messages (BENCHMARKS.md).
          if (!checkpoints && queue.length >= BACKGROUND_CHECKPOINTS_FROM && this.options.checkpointWorker !== false) {
            checkpoints = checkpointInBackground(this.db, this.options.checkpointWorker || undefined);
          }
        }
        const settling = answers;
        answers = [];
        const starting = queue.splice(0, size - inFlight.size);
        if (settling.length > 0 || starting.length > 0) {
          const started = this.db.transaction((): Claimed[] => {
            for (const { message, outcome } of settling) this.settle(message, outcome, report);
            return this.begin(starting);
          }).immediate();
          for (const message of started) {
            const sending: Promise<void> = this.sendOne(message)
              // Whatever went wrong, the provider may have been called: settled as in doubt, never sent blindly again.
              .catch((error: unknown): SendOutcome => ({ kind: 'in_doubt', error: error instanceof Error ? error.message : String(error) }))
              .then((outcome) => {
                answers.push({ message, outcome });
                inFlight.delete(sending);
                wake?.();
              });
            inFlight.add(sending);
          }
          continue;
        }
        if (inFlight.size === 0 && queue.length === 0 && exhausted) return;
        if (queue.length === 0 && !exhausted) continue;
        await new Promise<void>((resolve) => {
          wake = resolve;
        });
        wake = undefined;
        // Let the other answers of this turn of the event loop come in, to settle them in one transaction.
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
    } catch (error) {
      // No send goes on unobserved: wait for those out, record their answers if the store still lets us
      // (what cannot be recorded stays `sending`, and a later dispatcher marks it unknown), then fail.
      await Promise.allSettled(inFlight);
      try {
        this.db.transaction(() => answers.forEach(({ message, outcome }) => this.settle(message, outcome, report))).immediate();
      } catch {
        // left in doubt, as above
      }
      throw error;
    } finally {
      await checkpoints?.stop();
    }
  }

  /** Records the attempts (inside the window's transaction); a message another dispatcher took meanwhile is left out. */
  private begin(candidates: readonly Candidate[]): Claimed[] {
    const now = this.clock.now();
    const claimed: Claimed[] = [];
    for (const candidate of candidates) {
      // Ordered by time (UUIDv7: 74 random bits still make it unguessable; it names unsubscribe links): each
      // commit adds its keys at one end of the unique key index rather than rewriting 8 random pages of it,
      // which was a third of the commit's cost (BENCHMARKS.md).
      const key = candidate.idempotency_key ?? timeOrderedUuid();
      if (this.statements.begin.run(key, this.owner, candidate.id).changes === 0) continue;
      const attemptId = Number(this.statements.attempt.run(candidate.id, now).lastInsertRowid);
      claimed.push({ ...candidate, attempts: candidate.attempts + 1, key, attemptId });
    }
    return claimed;
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

  /** Records an answer (inside the window's transaction): sent, retry later (exponential backoff with jitter, Retry-After honoured), or failed. */
  private settle(message: Claimed, outcome: SendOutcome, report: DispatchReport): void {
    const now = this.clock.now();
    const maxAttempts = this.options.maxAttempts ?? 6;
    (() => {
      const { finish } = this.statements;
      if (outcome.kind === 'accepted') {
        finish.run(now, 'accepted', null, outcome.providerId, message.attemptId);
        this.statements.sent.run(now, outcome.providerId, message.id);
        report.sent += 1;
        return;
      }
      finish.run(now, outcome.kind, outcome.error, null, message.attemptId);
      const retryable = outcome.kind === 'transient' || (outcome.kind === 'in_doubt' && message.channel === 'sms');
      if (outcome.kind === 'in_doubt' && !retryable) {
        // SMTP has no idempotency key the server honours: a second attempt could deliver twice.
        this.statements.unknown.run(outcome.error, message.id);
        report.failed += 1;
        return;
      }
      if (retryable && message.attempts < maxAttempts) {
        const base = Math.min(this.options.maxDelayMs ?? 3_600_000, (this.options.baseDelayMs ?? 60_000) * 2 ** (message.attempts - 1));
        const jittered = base * (0.5 + (this.options.random ?? Math.random)() / 2);
        const random = (this.options.random ?? Math.random)();
        const delay = outcome.kind === 'transient' && outcome.retryAfterMs !== undefined ? outcome.retryAfterMs * (1 + random / 10) : jittered;
        this.statements.retry.run(now + Math.ceil(delay), outcome.error, message.id);
        report.retrying += 1;
        return;
      }
      this.statements.failed.run(outcome.error, message.id);
      report.failed += 1;
    })();
  }
}
