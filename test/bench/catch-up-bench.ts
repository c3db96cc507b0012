import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { engineOutcome, makeScenario, playScenario } from '../helpers/catch-up-scenarios.ts';
import type { BenchRow } from './import-bench.ts';

function row(what: string, rows: number, wallMs: number, note = ''): BenchRow {
  return { benchmark: 'catch-up property', what, rows, wallMs, rowsPerSecond: null, maxRssMb: null, note };
}

/**
 * The catch-up property test with many more random store histories than CI plays: each is played
 * once ticking along (every 15 min to 5 h) and once caught up in one tick; their runs and messages
 * must be the same. Fails (throws) naming the seeds that differ.
 */
export async function runCatchUpBench(dir: string, options: { scenarios: number }): Promise<BenchRow[]> {
  let tickedMs = 0;
  let caughtUpMs = 0;
  let runs = 0;
  const different: number[] = [];
  for (let index = 0; index < options.scenarios; index++) {
    const seed = 1_000_003 + index * 104_729;
    const scenario = makeScenario(seed);
    let started = performance.now();
    const ticked = await playScenario(scenario, path.join(dir, `catch-up-${seed}`, 'ticked'), scenario.tickEveryMs);
    tickedMs += performance.now() - started;
    started = performance.now();
    const caughtUp = await playScenario(scenario, path.join(dir, `catch-up-${seed}`, 'caught-up'), null);
    caughtUpMs += performance.now() - started;
    const expected = engineOutcome(ticked);
    runs += expected.runs.length;
    if (!isDeepStrictEqual(engineOutcome(caughtUp), expected)) different.push(seed);
    ticked.close();
    caughtUp.close();
  }
  const note = different.length === 0 ? `${options.scenarios}/${options.scenarios} scenarios identical, ${runs.toLocaleString('en-US')} runs` : `DIFFERENT: seeds ${different.join(', ')}`;
  if (different.length > 0) throw new Error(`catch-up differs from small ticks for seeds ${different.join(', ')} (replay with makeScenario(seed))`);
  return [row('baseline: small ticks (store history played with ticks along the way)', options.scenarios, tickedMs), row('one catch-up tick at the end', options.scenarios, caughtUpMs, note)];
}
