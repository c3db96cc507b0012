import { Worker } from 'node:worker_threads';
import type { JourneyDefinition } from '../../../shared/journey/definition.ts';
import { coreWorkerScript, workerBeside, type WorkerScript } from '../worker-script.ts';
import type { SimulationReply, SimulationRequest } from '../workers/simulate-journey-worker.ts';
import type { SendSettings } from './engine-types.ts';
import type { PreviewData, PreviewEvents } from './preview-data.ts';
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

// The preview cache hands out the same profiles and events objects while the store is unchanged: those
// objects name the data a worker already holds.
const dataIds = new WeakMap<PreviewEvents, { profiles: PreviewData['profiles']; id: number }>();
let nextDataId = 1;

function dataIdOf(data: PreviewData): number {
  const known = dataIds.get(data.events);
  if (known?.profiles === data.profiles) return known.id;
  const id = nextDataId++;
  dataIds.set(data.events, { profiles: data.profiles, id });
  return id;
}

/** One worker thread and the requests it has not answered. */
class SimulationSlot {
  /** The data id last sent to it: requests for the same data go without it. */
  holds: number | undefined;
  dead = false;
  private readonly worker: Worker;
  private readonly waiting = new Map<number, (reply: SimulationReply | null) => void>();
  private idleTimer: NodeJS.Timeout | undefined;

  constructor(script: WorkerScript, private readonly idleMs: number) {
    this.worker = new Worker(script.path, { workerData: { entry: script.entry }, execArgv: script.execArgv ?? [] });
    this.worker.on('message', (reply: SimulationReply) => {
      const answer = this.waiting.get(reply.id);
      this.waiting.delete(reply.id);
      this.whenIdle();
      answer?.(reply);
    });
    const stop = () => {
      this.dead = true;
      clearTimeout(this.idleTimer);
      for (const answer of this.waiting.values()) answer(null);
      this.waiting.clear();
    };
    this.worker.on('error', stop);
    this.worker.on('exit', stop);
    this.whenIdle();
  }

  get pending(): number {
    return this.waiting.size;
  }

  send(request: SimulationRequest): Promise<SimulationReply | null> {
    if (this.dead) return Promise.resolve(null);
    clearTimeout(this.idleTimer);
    return new Promise((resolve) => {
      this.waiting.set(request.id, resolve);
      // Referenced only while it owes an answer: an idle worker never keeps a command line from exiting.
      this.worker.ref();
      try {
        this.worker.postMessage(request);
      } catch {
        this.waiting.delete(request.id);
        this.whenIdle();
        resolve(null);
      }
    });
  }

  terminate(): Promise<number> {
    this.dead = true;
    clearTimeout(this.idleTimer);
    return this.worker.terminate();
  }

  private whenIdle(): void {
    if (this.waiting.size > 0 || this.dead) return;
    this.worker.unref();
    // Its copy of the store's data is let go after a while without previews.
    this.idleTimer = setTimeout(() => void this.terminate(), this.idleMs);
    this.idleTimer.unref();
  }
}

/**
 * Previews' simulations on up to `size` worker threads that stay between previews (with their copy of the
 * data and their compiled code), so the main thread stays free. A worker that cannot start or stops
 * without answering is not the journey's fault: the simulation then runs on this thread. An error the
 * simulation itself raised is raised here.
 */
export class SimulationWorkers {
  private readonly slots: SimulationSlot[] = [];
  private nextId = 1;
  private closed = false;

  constructor(private readonly script: WorkerScript = coreWorkerScript('simulate-journey-worker'), private readonly size = 2, private readonly idleMs = 120_000) {}

  async simulate(data: PreviewData, definition: JourneyDefinition, options: PreviewOptions, settings: SendSettings): Promise<BackgroundSimulation> {
    const dataId = dataIdOf(data);
    const slot = this.pick(dataId);
    if (slot !== undefined) {
      const request = { dataId, history: data.history, customersRead: data.customersRead, definition, options, settings };
      const withData = (): SimulationRequest => {
        slot.holds = dataId;
        return { ...request, id: this.nextId++, kept: { profiles: data.profiles, events: data.events } };
      };
      // (A worker that answers `missing` did not get what it was sent: this thread runs it, below.)
      const reply = await slot.send(slot.holds === dataId ? { ...request, id: this.nextId++ } : withData());
      if (reply !== null) {
        if (reply.ok) return { result: reply.result, ranOn: 'worker' };
        if ('error' in reply) throw new Error(reply.error);
      }
    }
    return { result: simulateJourney(data, definition, options, settings), ranOn: 'here' };
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.slots.splice(0).map((slot) => slot.terminate()));
  }

  /** A free worker, one holding this data first; a new one while there are fewer than `size`; else the least busy. */
  private pick(dataId: number): SimulationSlot | undefined {
    if (this.closed) return undefined;
    for (let index = this.slots.length - 1; index >= 0; index--) if (this.slots[index]!.dead) this.slots.splice(index, 1);
    const free = this.slots.filter((slot) => slot.pending === 0);
    const chosen = free.find((slot) => slot.holds === dataId) ?? free[0];
    if (chosen !== undefined) return chosen;
    if (this.slots.length < this.size) {
      try {
        const slot = new SimulationSlot(this.script, this.idleMs);
        this.slots.push(slot);
        return slot;
      } catch {
        return undefined;
      }
    }
    return this.slots.reduce<SimulationSlot | undefined>((least, slot) => (least === undefined || slot.pending < least.pending ? slot : least), undefined);
  }
}
