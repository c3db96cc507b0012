import { create } from 'zustand';
import type { MethodInput } from '../../../../shared/contract/methods.ts';
import type { BatchSummaryDto, Inspection } from '../../../../shared/contract/schemas.ts';
import { api } from '../../api.ts';
import { ApiCallError } from '../../../../shared/contract/client.ts';
import { useApp } from '../../state/app-store.ts';
import type { PickedFile } from '../../transport/transport.ts';
import type { Override } from './mapping-columns.ts';

type InspectInput = MethodInput<'files.inspect'>;
export type InspectChoice = Pick<InspectInput, 'kind' | 'encoding' | 'delimiter' | 'sheet'> & { map?: Override[] };

export interface ImportProblem {
  code: string;
  message: string;
}

function problemOf(error: unknown): ImportProblem {
  if (error instanceof ApiCallError) return { code: error.error.code, message: error.error.message };
  return { code: 'internal', message: error instanceof Error ? error.message : String(error) };
}

export interface JobProgress {
  rows: number;
  bytesRead: number;
  totalBytes: number;
}

interface ImportState {
  file: PickedFile | null;
  uploading: boolean;
  inspection: Inspection | null;
  /** What the user chose on top of the detection, as last accepted by the core. */
  choice: InspectChoice;
  inspecting: boolean;
  tz: string;
  error: ImportProblem | null;
  job: { id: string | null; progress: JobProgress | null; cancelling: boolean } | null;
  cancelled: boolean;
  batch: BatchSummaryDto | null;
  committing: boolean;
  synced: { events: number; profiles: number } | null;
  upload(from: () => Promise<PickedFile | null>): Promise<void>;
  open(file: PickedFile): Promise<void>;
  change(choice: Partial<InspectChoice>): Promise<void>;
  remap(override: Override): Promise<void>;
  setTz(tz: string): void;
  start(): Promise<void>;
  cancel(): Promise<void>;
  commit(): Promise<void>;
  reset(): void;
}

const idle = {
  file: null, uploading: false, inspection: null, choice: {}, inspecting: false, tz: '', error: null,
  job: null, cancelled: false, batch: null, committing: false, synced: null,
} satisfies Partial<ImportState>;

/** No zone yet (a fresh store answers UTC by default): better to ask than to read a Tokyo register's times as UTC. */
function defaultZone(inspection: Inspection): string {
  if (inspection.tz) return inspection.tz;
  const settings = useApp.getState().settings;
  if (!settings || (settings.zone_is_default && settings.zone === 'UTC')) return '';
  return settings.zone;
}

/**
 * The import in progress, kept outside the screen so that going to another screen and back
 * finds it where it was (an import keeps running in the core meanwhile).
 */
export const useImport = create<ImportState>((set, get) => {
  let inspectCall = 0;

  async function inspect(file: PickedFile, choice: InspectChoice): Promise<void> {
    const call = ++inspectCall;
    set({ inspecting: true, error: null });
    try {
      const input: InspectInput = { path: file.path, ...choice, ...(get().tz ? { tz: get().tz } : {}) };
      const inspection = await api.call('files.inspect', input);
      if (call !== inspectCall) return;
      set({ inspection, choice, inspecting: false, tz: get().tz || defaultZone(inspection) });
    } catch (error) {
      if (call === inspectCall) set({ inspecting: false, error: problemOf(error) });
    }
  }

  return {
    ...idle,
    async upload(from) {
      set({ ...idle, uploading: true });
      try {
        const file = await from();
        set({ uploading: false });
        if (file) await get().open(file);
      } catch (error) {
        set({ uploading: false, error: problemOf(error) });
      }
    },
    async open(file) {
      set({ ...idle, file });
      await inspect(file, {});
    },
    async change(partial) {
      const { file, choice } = get();
      if (!file) return;
      // Another kind, encoding or sheet means other fields or other headers: earlier column choices no longer apply.
      await inspect(file, { ...choice, ...partial, map: [] });
    },
    async remap(override) {
      const { file, choice } = get();
      if (!file) return;
      await inspect(file, { ...choice, map: [...(choice.map ?? []), override] });
    },
    setTz: (tz) => set({ tz }),
    async start() {
      const { file, inspection, choice, tz } = get();
      if (!file || !inspection) return;
      set({ job: { id: null, progress: null, cancelling: false }, error: null, cancelled: false });
      const input: MethodInput<'import.start'> = {
        path: file.path, kind: inspection.kind, map: choice.map ?? [],
        ...(tz ? { tz } : {}),
        ...(choice.encoding ? { encoding: choice.encoding } : {}),
        ...(choice.delimiter ? { delimiter: choice.delimiter } : {}),
        ...(choice.sheet !== undefined ? { sheet: choice.sheet } : {}),
      };
      try {
        const { jobId } = await api.call('import.start', input);
        const job = get().job;
        if (job && job.id === null) set({ job: { ...job, id: jobId } });
        replayEarly(jobId);
      } catch (error) {
        set({ job: null, error: problemOf(error) });
      }
    },
    async cancel() {
      const job = get().job;
      if (!job?.id) return;
      set({ job: { ...job, cancelling: true } });
      try {
        await api.call('import.cancel', { jobId: job.id });
      } catch (error) {
        set({ error: problemOf(error) });
      }
    },
    async commit() {
      const batch = get().batch;
      if (!batch || batch.status !== 'staged') return;
      set({ committing: true, error: null });
      try {
        const result = await api.call('batches.commit', { id: batch.id });
        const [fresh, settings] = await Promise.all([api.call('batches.get', { id: batch.id }), api.call('settings.get', {})]);
        // The store's zone can come from the last committed batch: dates elsewhere should follow at once.
        useApp.getState().setSettings(settings);
        set({ committing: false, batch: fresh, synced: { events: result.events, profiles: result.profiles } });
      } catch (error) {
        set({ committing: false, error: problemOf(error) });
      }
    },
    reset: () => set({ ...idle }),
  };
});

// Events can outrun the answer to import.start: hold them until the job has its id.
type JobEvent = { jobId: string; apply(): void };
let early: JobEvent[] = [];
let listening = false;

function replayEarly(jobId: string): void {
  const held = early.filter((event) => event.jobId === jobId);
  early = [];
  for (const event of held) event.apply();
}

function onJobEvent(jobId: string, apply: () => void): void {
  const job = useImport.getState().job;
  if (!job) return;
  if (job.id === null) early.push({ jobId, apply });
  else if (job.id === jobId) apply();
}

/** Subscribes once for the app's lifetime: an import goes on while the user looks at another screen. */
export function listenToImports(): void {
  if (listening) return;
  listening = true;
  api.on('import.progress', ({ jobId, rows, bytesRead, totalBytes }) => onJobEvent(jobId, () => {
    const job = useImport.getState().job;
    if (job) useImport.setState({ job: { ...job, progress: { rows, bytesRead, totalBytes } } });
  }));
  api.on('import.finished', ({ jobId, batch }) => onJobEvent(jobId, () => {
    useImport.setState({ job: null, batch, synced: null });
  }));
  api.on('import.failed', ({ jobId, error }) => onJobEvent(jobId, () => {
    useImport.setState(error.code === 'cancelled' ? { job: null, cancelled: true } : { job: null, error: { code: error.code, message: error.message } });
  }));
}
