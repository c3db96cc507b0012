import type Database from 'better-sqlite3';

// Electron loads better-sqlite3's addon built for its own ABI (passed by the shell); plain Node the default
// one. The shell names it once, when the store opens: every other connection of this process uses it too.
let nativeBinding: string | undefined;

export function useNativeBinding(binding: string | undefined): void {
  if (binding) nativeBinding = binding;
}

export function currentNativeBinding(): string | undefined {
  return nativeBinding;
}

/** Options for `new Database(…)` with this process's addon. */
export function sqliteOptions(options: Database.Options = {}): Database.Options {
  return nativeBinding ? { ...options, nativeBinding } : options;
}
