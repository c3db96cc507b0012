import { syncBuiltinESMExports } from 'node:module';
import path from 'node:path';
import workerThreads from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../electron/core/clock.ts';
import { startCoreHost } from '../../electron/core/host/start-core-host.ts';
import { validJourney } from '../../electron/core/journey/journeys-repo.ts';
import { forgetPreviewData, loadPreviewDataNow } from '../../electron/core/journey/preview-data.ts';
import { SimulationWorkers } from '../../electron/core/journey/simulation-workers.ts';
import { simulateJourney, withoutGrace } from '../../electron/core/journey/simulate-journey.ts';
import { aesSecretBox } from '../../electron/core/channels/secret-box.ts';
import { sendSettings } from '../../electron/core/settings/engine-settings.ts';
import { buildPreviewStore, previewCases } from '../fixtures/preview-golden.ts';
import { useTempDir } from '../helpers/temp-dir.ts';

const tempDir = useTempDir();

/** The script of every worker thread started while `work` runs, and whether each message posted to one carried data. */
async function workersStartedBy<T>(work: () => Promise<T>): Promise<{ value: T; scripts: string[]; carriedData: boolean[] }> {
  const scripts: string[] = [];
  const carriedData: boolean[] = [];
  const Original = workerThreads.Worker;
  workerThreads.Worker = class extends Original {
    constructor(script: string | URL, options?: workerThreads.WorkerOptions) {
      const data = options?.workerData as { entry?: string } | undefined;
      scripts.push(path.basename(data?.entry ?? String(script)));
      super(script, options);
    }

    override postMessage(message: unknown, transfer?: readonly workerThreads.Transferable[]): void {
      carriedData.push((message as { kept?: unknown }).kept !== undefined);
      super.postMessage(message, transfer);
    }
  };
  syncBuiltinESMExports();
  try {
    return { value: await work(), scripts, carriedData };
  } finally {
    workerThreads.Worker = Original;
    syncBuiltinESMExports();
  }
}

describe('previews simulate on worker threads', () => {
  it('the app previews with and without grace side by side, each on its own worker, with what one thread gives', async () => {
    const dir = tempDir();
    const db = await buildPreviewStore(dir);
    const [, input, options] = previewCases(10)[0]!;
    const definition = validJourney(input);
    let reference;
    try {
      forgetPreviewData();
      const data = loadPreviewDataNow(db, definition, Infinity);
      const settings = sendSettings(db);
      reference = { with_grace: simulateJourney(data, definition, options, settings), without_grace: simulateJourney(data, withoutGrace(definition), options, settings) };
    } finally {
      db.close();
    }
    expect(reference.with_grace.messages.length).toBeGreaterThan(0);
    expect(reference.without_grace).not.toEqual(reference.with_grace);

    forgetPreviewData();
    const core = startCoreHost({ dbPath: db.name, clock: new ManualClock(options.from), schedulerIntervalMs: 0, secretBox: aesSecretBox(Buffer.alloc(32, 5)) });
    try {
      const { value: answer, scripts } = await workersStartedBy(() => core.invoke('journeys.preview', {
        definition: input, from: new Date(options.from).toISOString(), days: options.days, upload: { mode: 'lag', lag: 'PT30H' },
        openRate: options.openRate, seed: options.seed, compareGrace: true,
      }));
      expect(answer).toEqual({ ok: true, value: reference });
      expect(scripts).toEqual(['preview-customers-worker.ts', 'simulate-journey-worker.ts', 'simulate-journey-worker.ts']);
    } finally {
      await core.close();
    }
  });

  it('workers stay and keep the data between previews; a worker that cannot start or dies leaves it to this thread; a failing simulation fails', async () => {
    const db = await buildPreviewStore(tempDir());
    const fixture = (name: string) => ({ path: path.join(import.meta.dirname, '..', 'fixtures', name) });
    const closers: SimulationWorkers[] = [];
    const workers = (script?: { path: string }) => {
      const made = new SimulationWorkers(script);
      closers.push(made);
      return made;
    };
    try {
      const [, input, options] = previewCases(6)[1]!;
      const definition = validJourney(input);
      const settings = sendSettings(db);
      forgetPreviewData();
      const data = loadPreviewDataNow(db, definition, Infinity);
      const reference = simulateJourney(data, definition, options, settings);

      // Previews one after the other: one worker, the data sent once while the store's cache hands out the
      // same objects; sent again when it was read again.
      const pool = workers();
      const { value, scripts, carriedData } = await workersStartedBy(async () => {
        const simulations = [
          await pool.simulate(data, definition, options, settings),
          await pool.simulate({ ...data, history: new Map() }, definition, options, settings),
          await pool.simulate(loadPreviewDataNow(db, definition, Infinity), definition, options, settings),
        ];
        forgetPreviewData();
        simulations.push(await pool.simulate(loadPreviewDataNow(db, definition, Infinity), definition, options, settings));
        return simulations;
      });
      expect(value).toEqual(Array.from({ length: 4 }, () => ({ result: reference, ranOn: 'worker' })));
      expect(scripts).toEqual(['simulate-journey-worker.ts']);
      expect(carriedData).toEqual([true, false, false, true]);

      // A worker idle for a while is let go with its copy of the data; the next preview starts another.
      const brief = new SimulationWorkers(undefined, 2, 50);
      closers.push(brief);
      const restarted = await workersStartedBy(async () => {
        await brief.simulate(data, definition, options, settings);
        await new Promise((resolve) => setTimeout(resolve, 300));
        return brief.simulate(data, definition, options, settings);
      });
      expect(restarted.value).toEqual({ result: reference, ranOn: 'worker' });
      expect(restarted.scripts).toEqual(['simulate-journey-worker.ts', 'simulate-journey-worker.ts']);
      expect(restarted.carriedData).toEqual([true, true]);

      expect(await workers({ path: path.join(tempDir(), 'missing-worker.mjs') }).simulate(data, definition, options, settings)).toEqual({ result: reference, ranOn: 'here' });
      expect(await workers(fixture('dying-simulate-worker.mjs')).simulate(data, definition, options, settings)).toEqual({ result: reference, ranOn: 'here' });
      await expect(workers(fixture('failing-simulate-worker.mjs')).simulate(data, definition, options, settings)).rejects.toThrow('the simulation failed on purpose');
      await pool.close();
      expect(await pool.simulate(data, definition, options, settings)).toEqual({ result: reference, ranOn: 'here' });
    } finally {
      await Promise.all(closers.map((pool) => pool.close()));
      db.close();
    }
  });
});
