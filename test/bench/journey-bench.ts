import fs from 'node:fs';
import path from 'node:path';
import { cliDir } from '../../build/build-cli.mjs';
import { ManualClock } from '../../electron/core/clock.ts';
import { importFile } from '../../electron/core/import/import-file.ts';
import { activateJourney, createJourney, validJourney } from '../../electron/core/journey/journeys-repo.ts';
import { loadPreviewData, previewHorizon } from '../../electron/core/journey/preview-data.ts';
import { SimulationWorkers } from '../../electron/core/journey/simulation-workers.ts';
import { simulateJourney, withoutGrace } from '../../electron/core/journey/simulate-journey.ts';
import { EngineRunner } from '../../electron/core/scheduler/engine-runner.ts';
import { sendSettings, writeEngineSettings } from '../../electron/core/settings/engine-settings.ts';
import { openStore } from '../../electron/core/store/open-store.ts';
import type { JourneyDefinition } from '../../shared/journey/definition.ts';
import { encourageOfflinePurchases } from '../../shared/journey/template.ts';
import { toDelimited, writeLargePosCsv } from '../fixtures/pos-csv.ts';
import type { BenchRow } from './import-bench.ts';

function row(benchmark: string, what: string, rows: number, wallMs: number, note = ''): BenchRow {
  return { benchmark, what, rows, wallMs, rowsPerSecond: rows > 0 ? rows / (wallMs / 1000) : null, maxRssMb: null, note };
}

/** What `work` gives, and the longest the event loop could not turn while it ran. */
async function longestStall<T>(work: () => T | Promise<T>): Promise<{ value: T; stallMs: number }> {
  let last = performance.now();
  let stallMs = 0;
  const beat = () => {
    const now = performance.now();
    stallMs = Math.max(stallMs, now - last);
    last = now;
  };
  const timer = setInterval(beat, 5);
  try {
    const value = await work();
    beat();
    return { value, stallMs };
  } finally {
    clearInterval(timer);
  }
}

async function time<T>(work: () => T | Promise<T>): Promise<[T, number]> {
  const started = performance.now();
  const result = await work();
  return [result, performance.now() - started];
}

/** 100,000 members (a quarter VIP) with 1,000,000 POS events; the template previewed for 30 days; engine ticks. */
export async function runJourneyBench(dir: string, options: { users: number; events: number }): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const clock = new ManualClock(Date.parse('2026-11-28T00:00:00Z'));
  const db = openStore(path.join(dir, 'journeys.db'));
  writeEngineSettings(db, { zone: 'Asia/Tokyo' });
  const members = path.join(dir, 'members.csv');
  const tiers = ['VIP', 'Gold', 'Regular', 'Regular'];
  fs.writeFileSync(members, toDelimited([['Member ID', 'Tier', 'Email', 'Email Opt In', 'Phone', 'SMS Opt In'],
    ...Array.from({ length: options.users }, (_, index) => [`M${100000 + index}`, tiers[index % 4]!, `m${index}@example.jp`, index % 5 === 0 ? 'no' : 'yes', `090${String(10000000 + index)}`, 'yes'])]));
  await importFile(db, clock, { file: members, kind: 'members', tz: 'Asia/Tokyo', commit: true });
  const pos = path.join(dir, 'pos.csv');
  // The POS generator spreads its rows 37 s apart from 2026-11-01, over users M100000…M149999.
  await writeLargePosCsv(pos, options.events, { missingEvery: 33 });
  await importFile(db, clock, { file: pos, kind: 'pos', tz: 'Asia/Tokyo', commit: true });

  const definition = validJourney(encourageOfflinePurchases);
  const settings = sendSettings(db);
  const from = Date.parse('2026-11-10T00:00:00+09:00');
  // As the app and the command line ask: only what the 30 days can see (most of the export happens later).
  const horizon = previewHorizon({ mode: 'lag', lagMs: 30 * 3_600_000 }, from, 30);
  const [baselineCount, baselineMs] = await time(() => {
    let count = 0;
    for (const _row of db.prepare(`SELECT e.user_id, e.name, e.occurred_at, e.is_offline, b.committed_at FROM events e JOIN batches b ON b.id = e.batch_id
        WHERE b.status = 'committed' AND e.name = 'offline_purchase' AND e.occurred_at <= ?`).raw().iterate(horizon.at)) count += 1;
    return count;
  });
  rows.push(row('journey preview', 'baseline: SELECT the same events, no objects', baselineCount, baselineMs));
  // The customers' worker as it ships (bundled, as the app and the command line run it; from source it
  // would first load the TypeScript loader).
  const worker = { path: path.join(cliDir(), 'preview-customers-worker.mjs') };
  const [data, loadMs] = await time(() => loadPreviewData(db, definition, Infinity, horizon, { worker }));
  const [preview, previewMs] = await time(() => simulateJourney(data, definition, { from, days: 30, upload: { mode: 'lag', lagMs: 30 * 3_600_000 }, openRate: 0.3, seed: 1 }, settings));
  rows.push(row('journey preview', `template, 30 days: load ${data.events.count.toLocaleString('en-US')} events`, data.events.count, loadMs,
    `of ${(db.prepare("SELECT count(*) FROM events WHERE name = 'offline_purchase'").pluck().get() as number).toLocaleString('en-US')}; and every one's customer, in order (read ${data.customersRead === 'worker' ? 'on a worker thread meanwhile' : 'on this thread'})`));
  rows.push(row('journey preview', `template, 30 days: simulate ${options.users.toLocaleString('en-US')} users`, options.users, previewMs,
    `${preview.entered.toLocaleString('en-US')} entered, ${preview.messages.length.toLocaleString('en-US')} messages; load + simulate ${((loadMs + previewMs) / 1000).toFixed(2)} s, target ≤ 3 s`));
  // A marketer previews again after each edit: the store has not changed, so what was loaded is reused.
  const [again, againLoadMs] = await time(() => loadPreviewData(db, definition, Infinity, horizon, { worker }));
  const [, againMs] = await time(() => simulateJourney(again, definition, { from, days: 30, upload: { mode: 'lag', lagMs: 30 * 3_600_000 }, openRate: 0.3, seed: 1 }, settings));
  rows.push(row('journey preview', 'the same preview again (store unchanged): load + simulate', options.users, againLoadMs + againMs, `load ${againLoadMs.toFixed(0)} ms`));
  // The app compares with and without grace by default: two simulations. Before, both ran one after the
  // other on the main thread; now side by side on worker threads (the bundled worker, as shipped), which
  // stay: the second preview finds the data and the compiled code there.
  const previewOptions = { from, days: 30, upload: { mode: 'lag', lagMs: 30 * 3_600_000 }, openRate: 0.3, seed: 1 } as const;
  const bothHere = () => [simulateJourney(again, definition, previewOptions, settings), simulateJourney(again, withoutGrace(definition), previewOptions, settings)];
  const [inThread, inThreadMs] = await time(() => longestStall(bothHere));
  const workers = new SimulationWorkers({ path: path.join(cliDir(), 'simulate-journey-worker.mjs') });
  const onWorkers = async (journeys: JourneyDefinition[]) => {
    const simulations = await Promise.all(journeys.map((journey) => workers.simulate(again, journey, previewOptions, settings)));
    if (simulations.some((simulation) => simulation.ranOn !== 'worker')) throw new Error('the bench simulated on this thread, not on its workers');
    return simulations.map((simulation) => simulation.result);
  };
  try {
    const [first, firstMs] = await time(() => longestStall(() => onWorkers([definition, withoutGrace(definition)])));
    const [second, secondMs] = await time(() => longestStall(() => onWorkers([definition, withoutGrace(definition)])));
    for (const background of [first, second]) {
      if (JSON.stringify(background.value) !== JSON.stringify(inThread.value)) throw new Error('the simulations on workers differ from those on this thread');
    }
    // The app's preview without the comparison: one simulation, on a worker so that its main thread is free.
    const [alone, aloneMs] = await time(() => longestStall(() => simulateJourney(again, definition, previewOptions, settings)));
    const [onWorker, onWorkerMs] = await time(() => longestStall(() => onWorkers([definition])));
    const blocked = (stallMs: number) => `main thread blocked ${(stallMs / 1000).toFixed(2)} s at most`;
    rows.push(row('grace comparison', 'baseline: both simulations on this thread, one after the other', options.users, inThreadMs, blocked(inThread.stallMs)));
    rows.push(row('grace comparison', 'both at once on two worker threads, first preview (workers start, data copied)', options.users, firstMs,
      `${blocked(first.stallMs)}; the first preview as the app asks it (load + both) ${((loadMs + firstMs) / 1000).toFixed(2)} s, target ≤ 3 s`));
    rows.push(row('grace comparison', 'both at once on two worker threads, next preview (data held there)', options.users, secondMs, blocked(second.stallMs)));
    rows.push(row('one simulation', 'baseline: on this thread', options.users, aloneMs, blocked(alone.stallMs)));
    rows.push(row('one simulation', 'on a worker thread holding the data', options.users, onWorkerMs, blocked(onWorker.stallMs)));
  } finally {
    await workers.close();
  }

  // Live engine: everyone enters a journey and waits; then ticks with nothing due.
  const everyone = validJourney({ ...encourageOfflinePurchases, name: 'everyone waits', nodes: encourageOfflinePurchases.nodes.map((node) => (node.id === 'entry' ? { ...node, segment: {} } : node)) });
  const journey = createJourney(db, clock, everyone);
  const activation = clock.now();
  activateJourney(db, clock, journey.id, activation);
  let tickAt = activation;
  const runner = new EngineRunner(db, { now: () => tickAt }, null);
  const entryStarted = performance.now();
  await runner.tick();
  const entryMs = performance.now() - entryStarted;
  rows.push(row('engine tick', `entry of ${options.users.toLocaleString('en-US')} users (one tick)`, options.users, entryMs));
  const waiting = db.prepare("SELECT count(*) FROM journey_runs WHERE status = 'active'").pluck().get() as number;
  const idle: number[] = [];
  for (let index = 1; index <= 20; index++) {
    tickAt = activation + index * 60_000;
    const started = performance.now();
    await runner.tick();
    idle.push(performance.now() - started);
  }
  idle.sort((a, b) => a - b);
  rows.push(row('engine tick', `nothing due, ${waiting.toLocaleString('en-US')} users waiting: median of 20`, 1, idle[10]!, `max ${idle[19]!.toFixed(2)} ms; target < 50 ms`));
  db.close();
  return rows;
}
