import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import type { JourneyDefinitionInput } from '../../shared/journey/definition.ts';
import { startDevWeb } from '../e2e/support.ts';
import { startCli } from '../helpers/child-cli.ts';
import { day, hour, JourneyScenario, t0 } from '../helpers/journey-scenario.ts';
import { cli, repoRoot } from '../helpers/run-cli.ts';
import { startSmtpTestServer } from '../helpers/smtp-test-server.ts';
import { useTempDir } from '../helpers/temp-dir.ts';

const tempDir = useTempDir();
const closers: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const close of closers.reverse()) await close();
});

/** VIPs re-enter every two hours (evaluated every 15 minutes), and each entry sends one email. */
const everyTwoHours: JourneyDefinitionInput = {
  name: 'every two hours',
  nodes: [{ id: 'entry', type: 'entry_past', segment: { attributes: [{ key: 'tier', op: 'eq', value: 'VIP' }] }, next: 'hello' }, { id: 'hello', type: 'send_email', next: null }],
  reentry: { mode: 'unlimited', min_interval: 'PT2H' },
  reevaluate_every: 'PT15M',
};

/** A store with `users` VIPs, real SMTP sending on, and the journey activated at `activateAt`; everything stamped `--now setUpAt`. */
async function storeWithSending(users: number, setUpAt: number, activateAt: number) {
  const smtp = await startSmtpTestServer();
  closers.push(smtp.close);
  const scenario = new JourneyScenario(tempDir());
  scenario.clock.set(setUpAt);
  await scenario.settings(['--zone', 'UTC', '--quiet-hours', 'off', '--cap', 'email=100', '--stale', 'P30D']);
  await scenario.members(Array.from({ length: users }, (_, index) => ({ id: `U${String(index + 1).padStart(2, '0')}` })), setUpAt);
  for (const args of [['channels', 'email', '--host', '127.0.0.1', '--port', String(smtp.port), '--security', 'none', '--from', 'shop@example.jp'],
    ['channels', 'test', 'email', '--to', 'clerk@example.jp']]) {
    const run = await cli([...args, '--db', scenario.db], scenario.clock);
    expect(run.code, run.stderr).toBe(0);
  }
  await scenario.journey(everyTwoHours, activateAt);
  return { smtp, scenario };
}

function sentCounts(dbPath: string): { runs: number; sent: number; messages: number } {
  const db = new Database(dbPath, { readonly: true });
  try {
    return db.prepare("SELECT (SELECT count(*) FROM journey_runs) AS runs, (SELECT count(*) FROM messages WHERE status = 'sent') AS sent, (SELECT count(*) FROM messages) AS messages").get() as { runs: number; sent: number; messages: number };
  } finally {
    db.close();
  }
}

/** Every email the SMTP server got, by Message-ID: each must arrive once. */
function duplicates(mails: ReadonlyArray<{ parsed: { messageId?: string | undefined } }>): string[] {
  const seen = new Set<string>();
  const twice: string[] = [];
  for (const mail of mails) {
    const id = mail.parsed.messageId ?? '';
    if (seen.has(id)) twice.push(id);
    seen.add(id);
  }
  return twice;
}

describe('one ticker per store', () => {
  it('two command-line ticks at once: one waits or says the engine is busy (exit 3); nothing is sent twice', async () => {
    const { smtp, scenario } = await storeWithSending(12, t0 - day, t0);
    const now = new Date(t0 + day).toISOString();
    const ticks = [startCli(['engine', 'tick', '--now', now, '--db', scenario.db, '--json']), startCli(['engine', 'tick', '--now', now, '--db', scenario.db, '--json', '--wait', '60'])];
    const ends = await Promise.all(ticks.map((tick) => tick.done));
    for (const end of ends) {
      expect([0, 3]).toContain(end.code);
      expect(end.stderr).not.toMatch(/unexpected|locked/);
    }
    expect(ends.some((end) => end.code === 0)).toBe(true);
    // 12 customers, each entering at 00:00, 02:00, … 24:00: 13 entries and one email each.
    expect(sentCounts(scenario.db)).toEqual({ runs: 12 * 13, sent: 12 * 13, messages: 12 * 13 });
    expect(smtp.mails.length).toBe(1 + 12 * 13);
    expect(duplicates(smtp.mails)).toEqual([]);
  });

  it('says the engine is busy in one line while another process holds it, and takes over at once from one that was killed', async () => {
    const { scenario } = await storeWithSending(2, t0 - day, t0);
    const holder = spawn(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'test/helpers/hold-engine-lease.ts'), scenario.db], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((resolve, reject) => {
      holder.stdout.on('data', (chunk: Buffer) => { if (chunk.toString().includes('held')) resolve(); });
      holder.on('exit', (code) => reject(new Error(`the lease holder exited ${code}`)));
    });
    const busy = await cli(['engine', 'tick', '--now', new Date(t0 + hour).toISOString(), '--wait', '0', '--db', scenario.db]);
    expect(busy.code).toBe(3);
    expect(busy.stderr).toMatch(new RegExp(`^shopfloor: the engine is busy: process ${holder.pid} is running journeys on this store; nothing was done, try again in a moment\\n$`));
    expect(sentCounts(scenario.db).runs).toBe(0);

    const gone = new Promise((resolve) => holder.once('exit', resolve));
    holder.kill('SIGKILL');
    await gone;
    const after = await cli(['engine', 'tick', '--now', new Date(t0 + hour).toISOString(), '--wait', '0', '--db', scenario.db, '--json']);
    expect(after.code, after.stderr).toBe(0);
    expect(sentCounts(scenario.db)).toEqual({ runs: 2, sent: 2, messages: 2 });
  });

  it('the app\'s loop (the harness) and command-line ticks on the same store never send twice', async () => {
    const start = Math.floor((Date.now() - 6 * hour) / hour) * hour;
    const { smtp, scenario } = await storeWithSending(8, start - hour, start);
    const web = await startDevWeb(scenario.db, { tickMs: 20 });
    closers.push(web.stop);
    for (let round = 0; round < 3; round++) {
      const end = await startCli(['engine', 'tick', '--db', scenario.db, '--json']).done;
      expect([0, 3]).toContain(end.code);
      expect(end.stderr).not.toMatch(/unexpected|locked/);
    }
    await web.stop();
    closers.pop();
    const counts = sentCounts(scenario.db);
    expect(counts.runs).toBeGreaterThanOrEqual(8 * 3);
    expect(counts).toEqual({ runs: counts.runs, sent: counts.runs, messages: counts.runs });
    expect(smtp.mails.length).toBe(1 + counts.sent);
    expect(duplicates(smtp.mails)).toEqual([]);
    expect(fs.existsSync(scenario.db)).toBe(true);
  });
});
