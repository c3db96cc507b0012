import type { EventName } from '../../../shared/contract/events.ts';
import type { Result } from '../../../shared/contract/result.ts';
import type { SecretBox } from '../channels/secret-box.ts';
import type { Clock } from '../clock.ts';
import type { GrantedPaths } from '../security/granted-paths.ts';

/** The core as the shell (Electron main) and the browser harness see it. */
export interface CoreHost {
  /** Parses `input` with the contract's schema, runs the method, never throws. */
  invoke(method: string, input: unknown): Promise<Result<unknown>>;
  /** Pushed events (import progress, data changed…). Returns an unsubscribe function. */
  on(listener: (event: EventName, payload: unknown) => void): () => void;
  /** Pushes an event to every listener (the shell uses it for files dropped on the window). */
  emit(event: EventName, payload: unknown): void;
  close(): Promise<void>;
  /** What the user handed over (the shell's dialogs and drops, the harness's uploads): the only paths the core reads. */
  readonly grants: GrantedPaths;
}

export interface CoreHostOptions {
  dbPath: string;
  clock?: Clock;
  /** true in the browser harness (the UI then uploads files instead of asking for a path). */
  harness?: boolean;
  locale?: string;
  version?: string;
  /** Engine tick interval; 0 disables the scheduler loop (tests drive ticks themselves). */
  schedulerIntervalMs?: number;
  /** Electron passes the Electron-ABI build of better-sqlite3 here. */
  nativeBinding?: string;
  /**
   * The import worker's entry: by default the TypeScript source (run with tsx); a bundled app passes
   * its built `dist/main/workers/import-worker.mjs`.
   */
  importWorker?: { path: string; execArgv?: string[] };
  /** Seals channel credentials: Electron's safeStorage in the app; by default a 0600 key file next to the database. */
  secretBox?: SecretBox;
  /** The shell's record of what the user chose in its dialogs; by default an empty one (nothing granted yet). */
  grants?: GrantedPaths;
}
