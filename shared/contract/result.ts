import type { ApiError } from './schemas.ts';

/** What crosses IPC or HTTP: never a thrown error, always one of these. */
export type Result<T> = { ok: true; value: T } | { ok: false; error: ApiError };
