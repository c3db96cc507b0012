import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { encourageOfflinePurchases } from '../../shared/journey/template.ts';
import { startCli } from '../helpers/child-cli.ts';
import { at, day, hour, JourneyScenario, t0 } from '../helpers/journey-scenario.ts';
import { repoRoot } from '../helpers/run-cli.ts';
import { useTempDir } from '../helpers/temp-dir.ts';

const tempDir = useTempDir();

interface Preview {
  entered: number;
  exited: number;
  goals: number;
  nodes: Record<string, { reached: number }>;
  messages: Array<{ user_id: string; channel: string; node: string; at: string; status: string; reason: string | null }>;
  traces: Record<string, Array<{ at: string; node: string; what: string }>>;
}

let scenario: JourneyScenario;
let journeyFile: string;

// Seven VIPs and two Gold members; purchases chosen so a marketer can work the counts out by hand.
beforeAll(async () => {
  const dir = tempDir();
  scenario = new JourneyScenario(dir);
  await scenario.settings(['--zone', 'UTC', '--quiet-hours', 'off']);
  await scenario.members([
    { id: 'V1' }, { id: 'V2' }, { id: 'V3' }, { id: 'V4' }, { id: 'V5' }, { id: 'V6' }, { id: 'V7', emailOptIn: false },
    { id: 'G1', tier: 'Gold' }, { id: 'G2', tier: 'Gold' },
  ], t0 - 10 * day);
  await scenario.purchases([
    { user: 'V1', occurred: t0 + 2 * day },
    { user: 'V2', occurred: t0 + 6 * day + 20 * hour },
    { user: 'V3', occurred: t0 + 6 * day },
    { user: 'V4', occurred: t0 - 3 * day },
    { user: 'G1', occurred: t0 + day },
  ], t0 + 20 * day);
  journeyFile = path.join(dir, 'template.json');
  fs.writeFileSync(journeyFile, JSON.stringify(encourageOfflinePurchases));
});

function preview(extra: string[]): Promise<Preview> {
  return scenario.run<Preview>(['journey', 'preview', journeyFile, '--from', at(0), '--days', '14', ...extra]);
}

function messages(result: Preview): string[] {
  return result.messages.map((message) => `${message.user_id} ${message.node} ${message.at.slice(0, 16)} ${message.status}${message.reason ? ` ${message.reason}` : ''}`);
}

describe('journey preview', () => {
  it('gives the template counts a marketer computes by hand, with a 30-hour upload lag', async () => {
    const result = await preview(['--upload-lag', 'PT30H']);
    expect(result).toMatchObject({ entered: 7, exited: 1, goals: 3 });
    expect(Object.fromEntries(Object.entries(result.nodes).map(([node, counts]) => [node, counts.reached]))).toEqual({
      entry: 7, wait_purchase: 7, thank_you: 2, encourage: 5, opened: 5, follow_up: 0, sms: 4,
    });
    expect(messages(result)).toEqual([
      'V1 thank_you 2026-12-04T06:00 scheduled',
      'V3 thank_you 2026-12-08T06:00 scheduled',
      'V2 encourage 2026-12-09T00:00 scheduled',
      'V4 encourage 2026-12-09T00:00 scheduled',
      'V5 encourage 2026-12-09T00:00 scheduled',
      'V6 encourage 2026-12-09T00:00 scheduled',
      'V7 encourage 2026-12-09T00:00 skipped no_consent',
      'V7 sms 2026-12-09T00:00 scheduled',
      'V4 sms 2026-12-12T00:00 scheduled',
      'V5 sms 2026-12-12T00:00 scheduled',
      'V6 sms 2026-12-12T00:00 scheduled',
    ]);
    expect(result.traces.V2!.map((entry) => entry.what)).toContainEqual(expect.stringMatching(/^exited \(exit rule: offline_purchase occurred 2026-12-07T20:00/));
  });

  it('shows side by side what the same lag costs without upload grace', async () => {
    const result = await scenario.run<{ with_grace: Preview; without_grace: Preview }>(['journey', 'preview', journeyFile, '--from', at(0), '--days', '14', '--upload-lag', 'PT30H', '--compare-grace']);
    expect(result.with_grace.nodes.thank_you!.reached).toBe(2);
    expect(result.without_grace.nodes.thank_you!.reached).toBe(1);
    expect(result.without_grace.nodes.encourage!.reached).toBe(6);
    expect(result.without_grace.exited).toBe(2);
    // V3 bought on day 6; uploaded 30 h later, after the 7-day wait: without grace, a wrong "we miss you" email.
    expect(messages(result.without_grace)).toContain('V3 encourage 2026-12-08T00:00 scheduled');
    expect(result.without_grace.goals).toBe(result.with_grace.goals);
  });

  it('uploads offline data on a daily schedule, and decides opens with a seeded rate, the same way every run', async () => {
    const daily = await preview(['--upload-schedule', 'daily@23:00']);
    expect(messages(daily)).toContain('V1 thank_you 2026-12-03T23:00 scheduled');

    const first = await preview(['--upload-lag', 'PT30H', '--open-rate', '0.5', '--seed', '7']);
    const again = await preview(['--upload-lag', 'PT30H', '--open-rate', '0.5', '--seed', '7']);
    expect(again).toEqual(first);
    // Five reach "opened?": each goes one way or the other, unless (V2) the upload of a purchase takes them out first.
    expect(first.nodes.follow_up!.reached + first.nodes.sms!.reached + first.exited).toBe(5);
    const all = await preview(['--upload-lag', 'PT30H', '--open-rate', '1']);
    // Everyone whose encouragement went out opens it an hour later (V2 too, before its purchase is uploaded);
    // V7 has no email consent, so gets the SMS.
    expect([all.nodes.follow_up!.reached, all.nodes.sms!.reached, all.exited]).toEqual([4, 1, 0]);
  });

  it('changes nothing in the store', async () => {
    const counts = () => {
      const db = new Database(scenario.db, { readonly: true });
      try {
        return ['journeys', 'journey_runs', 'messages', 'journey_traces', 'events', 'users'].map((table) => db.prepare(`SELECT count(*) FROM ${table}`).pluck().get());
      } finally {
        db.close();
      }
    };
    const before = counts();
    await preview(['--upload-lag', 'PT30H', '--open-rate', '0.3']);
    expect(counts()).toEqual(before);
  });

  it('tests a journey on one user with every wait shortened', async () => {
    const created = await scenario.run<{ id: number }>(['journey', 'create', journeyFile]);
    scenario.clock.set(t0 + 30 * day);
    const result = await scenario.run<{ status: string; path: string[]; messages: Array<{ node: string; at: string }> }>(['journey', 'test', String(created.id), '--user', 'V5', '--wait', 'PT1M']);
    expect(result.status).toBe('completed');
    expect(result.path).toEqual(['entry', 'wait_purchase', 'encourage', 'opened', 'sms']);
    expect(result.messages.map((message) => [message.node, message.at])).toEqual([['encourage', at(30 * day + 60_000)], ['sms', at(30 * day + 120_000)]]);
    const opened = await scenario.run<{ path: string[] }>(['journey', 'test', String(created.id), '--user', 'V5', '--opened']);
    expect(opened.path).toEqual(['entry', 'wait_purchase', 'encourage', 'opened', 'follow_up']);
  });

  it('the installed command line reads the customers on its bundled worker thread, compares grace on two more, and gives the same preview', async () => {
    const args = ['journey', 'preview', journeyFile, '--from', at(0), '--days', '14', '--upload-lag', 'PT30H', '--json', '--db', scenario.db];
    const run = async (extra: string[]) => {
      const { code, stdout, stderr } = await startCli([...args, ...extra], { nodeFlags: ['--import', path.join(repoRoot, 'test/helpers/report-workers.mjs')] }).done;
      expect(code, stderr).toBe(0);
      return { output: JSON.parse(stdout) as unknown, workers: [...stderr.matchAll(/^worker_script=(.*)$/gm)].map((match) => path.relative(repoRoot, match[1]!)) };
    };
    const bundled = (name: string) => path.join('dist', 'cli', `${name}.mjs`);
    const single = await run([]);
    expect(single.workers).toEqual([bundled('preview-customers-worker')]);
    const plain = await preview(['--upload-lag', 'PT30H']);
    expect(single.output).toEqual(plain);
    // Compared with and without grace, the two simulations run side by side.
    const compared = await run(['--compare-grace']);
    expect(compared.workers).toEqual([bundled('preview-customers-worker'), bundled('simulate-journey-worker'), bundled('simulate-journey-worker')]);
    expect(compared.output).toMatchObject({ with_grace: plain });
  });
});
