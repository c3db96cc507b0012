import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../helpers/run-cli.ts';
import { day, hour, JourneyScenario, t0 } from '../helpers/journey-scenario.ts';
import { useTempDir } from '../helpers/temp-dir.ts';

const tempDir = useTempDir();

describe('journey commands', () => {
  it('prints the template, stores it, and checks it against the upload lag measured from the store', async () => {
    const dir = tempDir();
    const scenario = new JourneyScenario(dir);
    const template = await cli(['journey', 'template', 'encourage-offline-purchases']);
    expect(template.code).toBe(0);
    const file = path.join(dir, 'template.json');
    fs.writeFileSync(file, template.stdout);
    expect(JSON.parse(template.stdout).nodes.map((node: { id: string }) => node.id)).toEqual(['entry', 'wait_purchase', 'thank_you', 'encourage', 'opened', 'follow_up', 'sms']);

    // No offline data yet: a one-day lag is assumed and the template's one-day grace covers it.
    expect(await scenario.run(['journey', 'check', file])).toEqual({ lag: { ms: day, duration: 'P1D', source: 'default' }, warnings: [] });
    // Stores that upload 40 hours late: the grace is too short, and the check says how to fix it.
    await scenario.purchases(Array.from({ length: 20 }, (_, index) => ({ user: `U${index}`, occurred: t0 })), t0 + 40 * hour);
    const measured = await scenario.run<{ lag: { duration: string; source: string }; warnings: Array<{ code: string; node: string; fix: { summary: string } }> }>(['journey', 'check', file]);
    expect(measured.lag).toEqual(expect.objectContaining({ source: 'measured', duration: 'P1DT16H' }));
    expect(measured.warnings).toEqual([expect.objectContaining({ code: 'wait_without_grace', node: 'wait_purchase', fix: expect.objectContaining({ summary: expect.stringContaining('P1DT16H') }) })]);
    expect((await scenario.run<{ warnings: unknown[] }>(['journey', 'check', file, '--lag', 'PT12H'])).warnings).toEqual([]);

    const created = await scenario.run<{ id: number; state: string }>(['journey', 'create', file]);
    expect(created.state).toBe('draft');
    const list = await scenario.run<{ journeys: Array<{ id: number; state: string }> }>(['journey', 'list']);
    expect(list.journeys).toEqual([expect.objectContaining({ id: created.id, state: 'draft' })]);
    await scenario.run(['journey', 'activate', String(created.id)]);
    const edit = await cli(['journey', 'update', String(created.id), file, '--db', scenario.db]);
    expect(edit.code).toBe(1);
    expect(edit.stderr).toMatch(/is active: pause it before changing its structure/);
  });

  it('refuses a broken journey file with one line naming the file and the node', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'broken.json');
    fs.writeFileSync(file, JSON.stringify({ name: 'broken', nodes: [
      { id: 'entry', type: 'entry_past', segment: {}, next: 'mail' },
      { id: 'mail', type: 'send_email', next: null, colour: 'red' },
    ] }));
    const run = await cli(['journey', 'create', file, '--db', path.join(dir, 'x.db')]);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('shopfloor: broken.json: node "mail": unknown field "colour"\n');
  });

  it('designs for the slowest store, not the average: a store that uploads late would otherwise be hidden by the others', async () => {
    const dir = tempDir();
    const scenario = new JourneyScenario(dir);
    const write = (name: string, store: string, count: number) => {
      const file = path.join(dir, name);
      fs.writeFileSync(file, ['Member ID,Purchased At,Store,Receipt No,Line No', ...Array.from({ length: count }, (_, index) => `U${index},${new Date(t0).toISOString()},${store},${store}-${index},1`)].join('\n'));
      return file;
    };
    scenario.clock.set(t0 + 10 * hour);
    await scenario.run(['import', write('fast.csv', 'S02', 400), '--commit']);
    scenario.clock.set(t0 + 40 * hour);
    await scenario.run(['import', write('slow.csv', 'S01', 20), '--commit']);
    const settings = await scenario.run<{ upload_lag: { p95Ms: number } }>(['settings']);
    expect(settings.upload_lag.p95Ms).toBe(10 * hour);
    const template = path.join(dir, 'template.json');
    fs.writeFileSync(template, (await cli(['journey', 'template', 'encourage-offline-purchases'])).stdout);
    expect((await scenario.run<{ lag: Record<string, unknown> }>(['journey', 'check', template])).lag).toEqual({ ms: 40 * hour, duration: 'P1DT16H', source: 'measured', store: 'S01' });
  });
});
