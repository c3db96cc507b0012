import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { ManualClock } from '../../electron/core/clock.ts';
import type { JourneyDefinitionInput } from '../../shared/journey/definition.ts';
import { toDelimited, writeEncoded } from '../fixtures/pos-csv.ts';
import { cliJson } from './run-cli.ts';

export const day = 86_400_000;
export const hour = 3_600_000;
export const t0 = Date.parse('2026-12-01T00:00:00Z');

export function at(offsetMs: number): string {
  return new Date(t0 + offsetMs).toISOString();
}

export interface MemberRow {
  id: string;
  tier?: string;
  email?: string;
  emailOptIn?: boolean;
  phone?: string;
  smsOptIn?: boolean;
  homeStore?: string;
}

/** A store on a manual clock, driven only through the command line, as a scheduled job would. */
export class JourneyScenario {
  readonly db: string;
  readonly clock = new ManualClock(t0);
  private files = 0;

  constructor(private readonly dir: string) {
    this.db = path.join(dir, 'store.db');
  }

  run<T = Record<string, unknown>>(args: string[]): Promise<T> {
    return cliJson<T>([...args, '--db', this.db], this.clock);
  }

  async settings(args: string[]): Promise<void> {
    await this.run(['settings', ...args]);
  }

  /** Members sheet imported and committed at the clock's current time. */
  async members(rows: MemberRow[], commitAt?: number): Promise<void> {
    const file = path.join(this.dir, `members-${++this.files}.csv`);
    // The home store column only when a row has one: the other tests keep their sheet's layout.
    const stores = rows.some((row) => row.homeStore !== undefined);
    writeEncoded(file, toDelimited([['Member ID', 'Tier', 'Email', 'Email Opt In', 'Phone', 'SMS Opt In', ...(stores ? ['Home Store'] : [])],
      ...rows.map((row) => [row.id, row.tier ?? 'VIP', row.email ?? `${row.id.toLowerCase()}@example.com`, row.emailOptIn === false ? 'no' : 'yes',
        row.phone ?? '+81 90 1234 5678', row.smsOptIn === false ? 'no' : 'yes', ...(stores ? [row.homeStore ?? ''] : [])])]), 'utf-8');
    if (commitAt !== undefined) this.clock.set(commitAt);
    await this.run(['import', file, '--kind', 'members', '--commit']);
  }

  /** Offline purchases that happened at `occurred`, uploaded (committed) at `uploadedAt`; returns the batch id. */
  async purchases(rows: Array<{ user: string; occurred: number; receipt?: string; line?: string; amount?: number; store?: string }>, uploadedAt: number): Promise<number> {
    const file = path.join(this.dir, `pos-${++this.files}.csv`);
    writeEncoded(file, toDelimited([['Member ID', 'Purchased At', 'Store', 'Receipt No', 'Line No', 'Amount'],
      ...rows.map((row, index) => [row.user, new Date(row.occurred).toISOString(), row.store ?? 'S01', row.receipt ?? `R${this.files}-${index}`, row.line ?? '1', String(row.amount ?? 1000)])]), 'utf-8');
    this.clock.set(uploadedAt);
    return (await this.run<{ id: number }>(['import', file, '--kind', 'pos', '--commit'])).id;
  }

  /** Online events (e.g. email_open with a message_id) uploaded at `uploadedAt`. */
  async online(rows: Array<{ user: string; name: string; occurred: number; messageId?: number }>, uploadedAt: number): Promise<void> {
    const file = path.join(this.dir, `online-${++this.files}.csv`);
    writeEncoded(file, toDelimited([['user_id', 'event_name', 'timestamp', 'message_id'],
      ...rows.map((row) => [row.user, row.name, new Date(row.occurred).toISOString(), row.messageId === undefined ? '' : String(row.messageId)])]), 'utf-8');
    this.clock.set(uploadedAt);
    await this.run(['import', file, '--kind', 'online', '--commit']);
  }

  async journey(definition: JourneyDefinitionInput, activateAt: number = t0): Promise<number> {
    const file = path.join(this.dir, `journey-${++this.files}.json`);
    fs.writeFileSync(file, JSON.stringify(definition));
    const created = await this.run<{ id: number }>(['journey', 'create', file]);
    await this.run(['journey', 'activate', String(created.id), '--at', new Date(activateAt).toISOString()]);
    return created.id;
  }

  /** A journey command (pause, activate, stop…) run at `when`. */
  async journeyCommand(command: string, id: number, when: number): Promise<Record<string, unknown>> {
    this.clock.set(when);
    return this.run(['journey', command, String(id)]);
  }

  async tick(when: number): Promise<Record<string, unknown>> {
    this.clock.set(when);
    return this.run(['engine', 'tick', '--now', new Date(when).toISOString()]);
  }

  async outbox(filter: string[] = []): Promise<Array<{ id: number; user_id: string; node: string; channel: string; due_at: string; status: string; reason: string | null }>> {
    return (await this.run<{ messages: Array<{ id: number; user_id: string; node: string; channel: string; due_at: string; status: string; reason: string | null }> }>(['outbox', ...filter])).messages;
  }

  /** Where each user's latest run is: node (null when finished) and status. */
  runs(journeyId: number): Record<string, { node: string | null; status: string; goal: boolean }> {
    const db = new Database(this.db, { readonly: true });
    try {
      const rows = db.prepare('SELECT user_id, node_id, status, goal_at FROM journey_runs WHERE journey_id = ? ORDER BY user_id, seq').all(journeyId) as
        Array<{ user_id: string; node_id: string | null; status: string; goal_at: number | null }>;
      return Object.fromEntries(rows.map((row) => [row.user_id, { node: row.node_id, status: row.status, goal: row.goal_at !== null }]));
    } finally {
      db.close();
    }
  }

  runCount(journeyId: number, userId: string): number {
    const db = new Database(this.db, { readonly: true });
    try {
      return db.prepare('SELECT count(*) FROM journey_runs WHERE journey_id = ? AND user_id = ?').pluck().get(journeyId, userId) as number;
    } finally {
      db.close();
    }
  }

  trace(journeyId: number, userId: string): string[] {
    const db = new Database(this.db, { readonly: true });
    try {
      return db.prepare('SELECT node_id || \': \' || what FROM journey_traces WHERE journey_id = ? AND user_id = ? ORDER BY id').pluck().all(journeyId, userId) as string[];
    } finally {
      db.close();
    }
  }
}
