import type { TFunction } from 'i18next';

/** A backup problem from the core, in the UI's language when it is one the clerk can act on. */
export function backupProblem(t: TFunction, problem: { code: string; message: string }, folder: string): string {
  return t(`data:problems.${problem.code}`, { folder, defaultValue: problem.message });
}
