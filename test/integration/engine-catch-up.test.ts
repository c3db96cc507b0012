import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { engineOutcome, makeScenario, playScenario } from '../helpers/catch-up-scenarios.ts';
import { useTempDir } from '../helpers/temp-dir.ts';

const tempDir = useTempDir();

// A fixed seed in CI; `npm run bench` plays many more (test/bench/catch-up-bench.ts).
const seeds = Array.from({ length: 6 }, (_, index) => 20261201 + index * 7919);

describe('catch-up is exactly as if the engine had ticked all along', () => {
  it.each(seeds)('scenario %i: one catch-up tick and many small ticks give the same runs, messages and skips', async (seed) => {
    const scenario = makeScenario(seed);
    const dir = tempDir();
    const ticked = await playScenario(scenario, path.join(dir, 'ticked'), scenario.tickEveryMs);
    const caughtUp = await playScenario(scenario, path.join(dir, 'caught-up'), null);
    try {
      const expected = engineOutcome(ticked);
      expect(expected.runs.length).toBeGreaterThan(0);
      expect(engineOutcome(caughtUp)).toEqual(expected);
    } finally {
      ticked.close();
      caughtUp.close();
    }
  });
});
