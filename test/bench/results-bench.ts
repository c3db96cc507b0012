import fs from 'node:fs';
import path from 'node:path';
import { ManualClock } from '../../electron/core/clock.ts';
import { importFile } from '../../electron/core/import/import-file.ts';
import { activateJourney, createJourney } from '../../electron/core/journey/journeys-repo.ts';
import { journeyReport } from '../../electron/core/results/journey-report.ts';
import { writeEngineSettings } from '../../electron/core/settings/engine-settings.ts';
import { openStore, type Db } from '../../electron/core/store/open-store.ts';
import { groupOf } from '../../shared/journey/control-group.ts';
import { encourageOfflinePurchases } from '../../shared/journey/template.ts';
import { generatePosRows, posCells, posHeader, toDelimited, writeLargePosCsv } from '../fixtures/pos-csv.ts';
import type { BenchRow } from './import-bench.ts';

const day = 86_400_000;

function row(benchmark: string, what: string, rows: number, wallMs: number, note = ''): BenchRow {
  return { benchmark, what, rows, wallMs, rowsPerSecond: rows > 0 ? rows / (wallMs / 1000) : null, maxRssMb: null, note };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function timed(work: () => unknown): number {
  const started = performance.now();
  work();
  return performance.now() - started;
}

/**
 * `journey report` on 100,000 runs over the 1,000,000-line POS export: the journey's first report (every
 * run's outcome computed), cold after a small upload and on a fresh connection (nothing in memory), and
 * again with nothing changed; each beside baselines on the same runs in the same
 * run: a plain COUNT of them, reading them into JavaScript, and the report's central join (each run's
 * goal events in its window) as one SQL COUNT.
 */
export async function runResultsBench(dir: string, options: { runs: number; events: number }): Promise<BenchRow[]> {
  const file = path.join(dir, 'results.db');
  const start = Date.parse('2026-11-01T00:00:00Z');
  const clock = new ManualClock(start - day);
  let db = openStore(file);
  writeEngineSettings(db, { zone: 'Asia/Tokyo' });
  // Members first, four in five with a home store (the report's store); the rest get the store of their last purchase.
  const members = path.join(dir, 'results-members.csv');
  const buyers = options.runs / 2;
  fs.writeFileSync(members, toDelimited([['Member ID', 'Tier', 'Email', 'Email Opt In', 'Home Store'],
    ...Array.from({ length: buyers }, (_, index) => [`M${100000 + index}`, 'VIP', `m${index}@example.jp`, 'yes', index % 5 === 4 ? '' : `S0${1 + (index % 3)}`])]));
  await importFile(db, clock, { file: members, kind: 'members', tz: 'Asia/Tokyo', commit: true });
  const pos = path.join(dir, 'results-pos.csv');
  // The generator spreads its lines 37 s apart from Nov 1 over 50,000 members: about 20 purchases each over 14 months.
  await writeLargePosCsv(pos, options.events, { missingEvery: 33 });
  await importFile(db, clock, { file: pos, kind: 'pos', tz: 'Asia/Tokyo', commit: true });
  fs.rmSync(pos);

  const definition = {
    ...encourageOfflinePurchases, control: { share: 0.1 }, goal: { ...encourageOfflinePurchases.goal!, value: 'amount' },
    reentry: { mode: 'limited' as const, max: 2, min_interval: 'P30D' },
  };
  const journey = createJourney(db, clock, definition);
  activateJourney(db, clock, journey.id, start);
  // Runs as the engine leaves them (written directly: the engine's own speed is the journey benchmark's):
  // two entries a member, 30 days apart, at some day of the 14 months; a message out an hour after each entry.
  db.transaction(() => {
    const run = db.prepare(`INSERT INTO journey_runs (journey_id, user_id, seq, control_group, status, node_id, entered_at, node_at, steps)
        VALUES (?, ?, ?, ?, 'completed', NULL, ?, ?, 3)`);
    const message = db.prepare(`INSERT INTO messages (journey_id, run_id, user_id, node_id, step, channel, due_at, status, reason, created_at, sent_at)
        VALUES (?, ?, ?, ?, 2, 'email', ?, ?, ?, ?, ?)`);
    for (let seq = 1; seq <= 2; seq++) {
      for (let index = 0; index < buyers; index++) {
        const user = `M${100000 + index}`;
        const control = groupOf(journey.id, user, 0.1) === 'control';
        const enteredAt = start + ((index * 7919) % 380) * day + (seq - 1) * 30 * day + (index % 24) * 3_600_000;
        const id = Number(run.run(journey.id, user, seq, control ? 1 : 0, enteredAt, enteredAt).lastInsertRowid);
        const at = enteredAt + 3_600_000;
        message.run(journey.id, id, user, index % 2 === 0 ? 'thank_you' : 'encourage', at, control ? 'skipped' : 'sent', control ? 'control_group' : null, at, control ? null : at);
      }
    }
  })();

  const rows: BenchRow[] = [];
  const now = start + 420 * day;
  const reportClock = { now: () => now };
  const afterUpload: number[] = [];
  const newConnection: number[] = [];
  const warm: number[] = [];
  const baselineCount: number[] = [];
  const baselineJoin: number[] = [];
  const baselineRows: number[] = [];
  let summary = '';
  // The journey's first report computes and keeps every run's outcome; later ones recompute only what changed.
  const first = timed(() => journeyReport(db, reportClock, journey.id));
  // Interleaved, three times: the machine is shared and its speed drifts.
  for (let round = 0; round < 3; round++) {
    // A small upload (ten purchases) first: everything the report reads may have changed, the upload lag too.
    const upload = path.join(dir, `results-upload-${round}.csv`);
    fs.writeFileSync(upload, toDelimited([posHeader, ...[...generatePosRows(10, { startMs: now - (5 - round) * day })]
      .map((line) => posCells({ ...line, receipt: `U${round}-${line.receipt}` }))]));
    clock.set(now - (3 - round) * 3_600_000);
    await importFile(db, clock, { file: upload, kind: 'pos', tz: 'Asia/Tokyo', commit: true });
    const handle: Db = db;
    baselineCount.push(timed(() => handle.prepare('SELECT count(*) FROM journey_runs WHERE journey_id = ?').pluck().get(journey.id)));
    baselineRows.push(timed(() => handle.prepare('SELECT id, user_id, seq, control_group, entered_at, status, node_id FROM journey_runs WHERE journey_id = ?').raw().all(journey.id)));
    baselineJoin.push(timed(() => handle.prepare(`SELECT count(*) FROM journey_runs r JOIN events e ON e.user_id = r.user_id AND e.occurred_at >= r.entered_at
        AND e.occurred_at <= r.entered_at + ? AND e.name = 'offline_purchase' JOIN batches b ON b.id = e.batch_id WHERE r.journey_id = ? AND b.status = 'committed'`).pluck().get(7 * day, journey.id)));
    let result: ReturnType<typeof journeyReport> | undefined;
    afterUpload.push(timed(() => { result = journeyReport(handle, reportClock, journey.id); }));
    for (let again = 0; again < 7; again++) warm.push(timed(() => journeyReport(handle, reportClock, journey.id, { by: again % 2 === 0 ? 'day' : 'week' })));
    // Another process (the command line) asking while nothing changed: nothing in memory, the lag kept in the store.
    db.close();
    db = openStore(file);
    const fresh: Db = db;
    newConnection.push(timed(() => journeyReport(fresh, reportClock, journey.id)));
    summary = `${result!.target.entered.toLocaleString('en-US')} + ${result!.control!.entered.toLocaleString('en-US')} entrants, ${(result!.target.converted + result!.control!.converted).toLocaleString('en-US')} conversions, ${result!.cohorts.length} cohorts`;
  }
  db.close();
  const runs = options.runs;
  rows.push(row('journey report', 'baseline: plain COUNT of the runs', runs, median(baselineCount)));
  rows.push(row('journey report', 'baseline: SELECT the runs into JavaScript arrays', runs, median(baselineRows)));
  rows.push(row('journey report', 'baseline: COUNT of the runs × their goal events in the window (one SQL join)', runs, median(baselineJoin)));
  rows.push(row('journey report', "first report of the journey: every run's outcome computed and kept", runs, first, 'once per journey (and after an edit of its goal or a rollback)'));
  rows.push(row('journey report', 'cold: first report after an upload (median of 3)', runs, median(afterUpload), `${summary}; target ≤ 500 ms`));
  rows.push(row('journey report', 'cold: a new connection, nothing changed (median of 3)', runs, median(newConnection), 'the upload lag kept in the store; target ≤ 500 ms'));
  rows.push(row('journey report', 'nothing changed since: median of 21 (by day and by week)', runs, median(warm), `max ${Math.max(...warm).toFixed(2)} ms; target ≤ 100 ms`));
  return rows;
}
