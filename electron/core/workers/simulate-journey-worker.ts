import { parentPort, workerData } from 'node:worker_threads';
import type { JourneyDefinition } from '../../../shared/journey/definition.ts';
import type { SendSettings } from '../journey/engine-types.ts';
import type { PreviewData } from '../journey/preview-data.ts';
import { simulateJourney, type PreviewOptions, type PreviewResult } from '../journey/simulate-journey.ts';

export interface SimulateJourneyData {
  data: PreviewData;
  definition: JourneyDefinition;
  options: PreviewOptions;
  settings: SendSettings;
}

export type SimulateJourneyReply = { ok: true; result: PreviewResult } | { ok: false; error: string };

// A preview's simulation, off the app's main thread (which answers the window and runs the engine), and
// beside the other simulation when the preview compares with and without grace.
const { data, definition, options, settings } = workerData as SimulateJourneyData;
let reply: SimulateJourneyReply;
try {
  reply = { ok: true, result: simulateJourney(data, definition, options, settings) };
} catch (error) {
  reply = { ok: false, error: error instanceof Error ? error.message : String(error) };
}
parentPort!.postMessage(reply);
