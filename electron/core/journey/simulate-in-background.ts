import { Worker } from 'node:worker_threads';
import type { JourneyDefinition } from '../../../shared/journey/definition.ts';
import { coreWorkerScript, workerBeside, type WorkerScript } from '../worker-script.ts';
import type { SimulateJourneyData, SimulateJourneyReply } from '../workers/simulate-journey-worker.ts';
import type { SendSettings } from './engine-types.ts';
import type { PreviewData } from './preview-data.ts';
import { simulateJourney, type PreviewOptions, type PreviewResult } from './simulate-journey.ts';

/** In the bundled app, the simulation's worker beside its import worker. */
export function simulateWorkerBeside(importWorker: { path: string; execArgv?: string[] } | undefined): WorkerScript | undefined {
  return workerBeside(importWorker, 'simulate-journey-worker');
}

/** Where a simulation ran: on a worker thread, or here when no worker could run it to its end. */
export interface BackgroundSimulation {
  result: PreviewResult;
  ranOn: 'worker' | 'here';
}

/**
 * `simulateJourney` on a worker thread, with its own copy of the data (the loaded data stays cached here,
 * untouched). A worker that cannot start or stops without answering is not the journey's fault: the
 * simulation then runs on this thread. An error the simulation itself raised is raised here.
 */
export async function simulateInBackground(data: PreviewData, definition: JourneyDefinition, options: PreviewOptions, settings: SendSettings,
  script: WorkerScript = coreWorkerScript('simulate-journey-worker')): Promise<BackgroundSimulation> {
  const input: SimulateJourneyData = { data, definition, options, settings };
  const reply = await new Promise<SimulateJourneyReply | null>((resolve) => {
    let worker: Worker;
    try {
      worker = new Worker(script.path, { workerData: { ...input, entry: script.entry }, execArgv: script.execArgv ?? [] });
    } catch {
      resolve(null);
      return;
    }
    worker.once('message', (answer: SimulateJourneyReply) => resolve(answer));
    worker.once('error', () => resolve(null));
    worker.once('exit', () => resolve(null));
  });
  if (reply === null) return { result: simulateJourney(data, definition, options, settings), ranOn: 'here' };
  if (!reply.ok) throw new Error(reply.error);
  return { result: reply.result, ranOn: 'worker' };
}
