import { syncBuiltinESMExports } from 'node:module';
import path from 'node:path';
import workerThreads from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../electron/core/clock.ts';
import { startCoreHost } from '../../electron/core/host/start-core-host.ts';
import { validJourney } from '../../electron/core/journey/journeys-repo.ts';
import { forgetPreviewData, loadPreviewDataNow } from '../../electron/core/journey/preview-data.ts';
import { simulateInBackground } from '../../electron/core/journey/simulate-in-background.ts';
import { simulateJourney, withoutGrace } from '../../electron/core/journey/simulate-journey.ts';
import { aesSecretBox } from '../../electron/core/channels/secret-box.ts';
import { sendSettings } from '../../electron/core/settings/engine-settings.ts';
import { buildPreviewStore, previewCases } from '../fixtures/preview-golden.ts';
import { useTempDir } from '../helpers/temp-dir.ts';

const tempDir = useTempDir();

/** The script of every worker thread started while `work` runs. */
async function workersStartedBy<T>(work: () => Promise<T>): Promise<{ value: T; scripts: string[] }> {
  const scripts: string[] = [];
  const Original = workerThreads.Worker;
  workerThreads.Worker = class extends Original {
    constructor(script: string | URL, options?: workerThreads.WorkerOptions) {
      const data = options?.workerData as { entry?: string } | undefined;
      scripts.push(path.basename(data?.entry ?? String(script)));
      super(script, options);
    }
  };
  syncBuiltinESMExports();
  try {
    return { value: await work(), scripts };
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

  it('runs on a worker; on this thread when no worker can start; a failing simulation fails the preview', async () => {
    const db = await buildPreviewStore(tempDir());
    try {
      const [, input, options] = previewCases(6)[1]!;
      const definition = validJourney(input);
      const settings = sendSettings(db);
      forgetPreviewData();
      const data = loadPreviewDataNow(db, definition, Infinity);
      const reference = simulateJourney(data, definition, options, settings);

      expect(await simulateInBackground(data, definition, options, settings)).toEqual({ result: reference, ranOn: 'worker' });
      expect(await simulateInBackground(data, definition, options, settings, { path: path.join(tempDir(), 'missing-worker.mjs') }))
        .toEqual({ result: reference, ranOn: 'here' });
      await expect(simulateInBackground(data, definition, options, settings, { path: path.join(import.meta.dirname, '..', 'fixtures', 'failing-simulate-worker.mjs') }))
        .rejects.toThrow('the simulation failed on purpose');
    } finally {
      db.close();
    }
  });
});
