import { parentPort } from 'node:worker_threads';
import type { JourneyDefinition } from '../../../shared/journey/definition.ts';
import type { SendSettings } from '../journey/engine-types.ts';
import type { PreviewData } from '../journey/preview-data.ts';
import { simulateJourney, type PreviewOptions, type PreviewResult } from '../journey/simulate-journey.ts';

/** One simulation. The profiles and events come only when this worker does not hold them yet (by their ids). */
export interface SimulationRequest {
  id: number;
  dataId: number;
  kept?: Pick<PreviewData, 'profiles' | 'events'>;
  history: PreviewData['history'];
  customersRead: PreviewData['customersRead'];
  definition: JourneyDefinition;
  options: PreviewOptions;
  settings: SendSettings;
}

export type SimulationReply =
  | { id: number; ok: true; result: PreviewResult }
  | { id: number; ok: false; error: string }
  /** This worker does not hold the data the request names (the caller runs it itself). */
  | { id: number; ok: false; missing: true };

// Previews off the app's main thread (which answers the window and runs the engine). The worker stays
// between previews: it keeps the last data it was sent (a marketer previews the same store again after
// each edit) and its compiled code, so a second preview pays neither the copy nor a cold start.
const port = parentPort!;
let held: { dataId: number; data: Pick<PreviewData, 'profiles' | 'events'> } | undefined;
port.on('message', (request: SimulationRequest) => {
  if (request.kept !== undefined) held = { dataId: request.dataId, data: request.kept };
  if (held?.dataId !== request.dataId) {
    port.postMessage({ id: request.id, ok: false, missing: true } satisfies SimulationReply);
    return;
  }
  let reply: SimulationReply;
  try {
    const data: PreviewData = { ...held.data, history: request.history, customersRead: request.customersRead };
    reply = { id: request.id, ok: true, result: simulateJourney(data, request.definition, request.options, request.settings) };
  } catch (error) {
    reply = { id: request.id, ok: false, error: error instanceof Error ? error.message : String(error) };
  }
  port.postMessage(reply);
});
