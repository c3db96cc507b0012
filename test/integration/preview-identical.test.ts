import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { forgetPreviewData, loadPreviewData, loadPreviewDataNow, previewHorizon } from '../../electron/core/journey/preview-data.ts';
import { validJourney } from '../../electron/core/journey/journeys-repo.ts';
import { simulateJourney } from '../../electron/core/journey/simulate-journey.ts';
import { sendSettings } from '../../electron/core/settings/engine-settings.ts';
import { buildPreviewStore, goldenFile, previewCases, previewDigests } from '../fixtures/preview-golden.ts';
import { useTempDir } from '../helpers/temp-dir.ts';

const tempDir = useTempDir();

describe('the fast preview gives the same results as the reference implementation', () => {
  it('three large previews (3,000 members, 18,000 events; lag, daily and recorded uploads; params, opens, traces) match their digests', async () => {
    const db = await buildPreviewStore(tempDir());
    try {
      const expected = JSON.parse(fs.readFileSync(goldenFile, 'utf8')) as Record<string, string>;
      expect(await previewDigests(db)).toEqual(expected);
      // A second preview of the unchanged store reuses what was loaded and still gives the same.
      expect(await previewDigests(db)).toEqual(expected);
    } finally {
      db.close();
    }
  });

  it('a short preview loads only the events it can see by its end, and gives what it gives with every event loaded', async () => {
    const db = await buildPreviewStore(tempDir());
    try {
      const settings = sendSettings(db);
      // 6 days out of the store's 40: most events happen, or are committed, after the preview's end.
      for (const [name, input, options] of previewCases(6)) {
        const definition = validJourney(input);
        forgetPreviewData();
        const bounded = await loadPreviewData(db, definition, options.from, previewHorizon(options.upload, options.from, options.days));
        const boundedResult = simulateJourney(bounded, definition, options, settings);
        forgetPreviewData();
        const full = loadPreviewDataNow(db, definition, options.from);
        // The customers (a pass over every event) were read on a worker thread meanwhile.
        expect(bounded.customersRead, name).toBe('worker');
        expect(bounded.events.count, name).toBeLessThan(full.events.count / 2);
        // Every user with such an event, in the same order: events arriving together reach the engine in that order.
        expect(bounded.events.users, name).toEqual(full.events.users);
        expect(boundedResult, name).toEqual(simulateJourney(full, definition, options, settings));
      }
    } finally {
      db.close();
    }
  });

  it('customers read by a worker in another state of the store, or no worker at all: everything is read again on one thread, with the same result', async () => {
    const db = await buildPreviewStore(tempDir());
    try {
      const settings = sendSettings(db);
      const [name, input, options] = previewCases(6)[0]!;
      const definition = validJourney(input);
      const horizon = previewHorizon(options.upload, options.from, options.days);
      forgetPreviewData();
      const reference = simulateJourney(loadPreviewDataNow(db, definition, options.from), definition, options, settings);
      for (const worker of [{ path: path.join(import.meta.dirname, '..', 'fixtures', 'stale-preview-worker.mjs') }, { path: path.join(tempDir(), 'missing-worker.mjs') }]) {
        forgetPreviewData();
        const data = await loadPreviewData(db, definition, options.from, horizon, { worker });
        expect(data.customersRead, name).toBe('here');
        expect(simulateJourney(data, definition, options, settings), name).toEqual(reference);
      }
    } finally {
      db.close();
    }
  });
});
