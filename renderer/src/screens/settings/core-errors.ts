import { ApiCallError } from '../../../../shared/contract/client.ts';

export interface CoreProblem {
  code: string;
  message: string;
}

export function coreProblem(failure: unknown): CoreProblem {
  if (failure instanceof ApiCallError) return { code: failure.error.code, message: failure.error.message };
  return { code: 'internal', message: failure instanceof Error ? failure.message : String(failure) };
}

/**
 * The core names each invalid field as `field: problem; field: problem`. Problems with a field this
 * form shows go next to it; the rest (no field, or one the form does not show) stay for the form.
 */
export function splitFieldProblems(message: string, fields: readonly string[]): { fields: Partial<Record<string, string>>; rest: string[] } {
  const found: Partial<Record<string, string>> = {};
  const rest: string[] = [];
  for (const part of message.split('; ')) {
    const match = /^([a-z_]+)(?:\.[\w.]+)?: (.+)$/.exec(part);
    if (match && fields.includes(match[1]!) && found[match[1]!] === undefined) found[match[1]!] = match[2]!;
    else rest.push(part);
  }
  return { fields: found, rest };
}
