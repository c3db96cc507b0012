/** Reads a stored configuration the contract types loosely (`unknown`): only values of the expected type count. */
export function configRecord(value: unknown): Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? value as Record<string, unknown> : {};
}

export function textOf(value: unknown, fallback = ''): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  return fallback;
}

export function flagOf(value: unknown, fallback: boolean): boolean {
  return typeof value === 'boolean' ? value : fallback;
}

/** Whole seconds (or tenths) from milliseconds, as a form shows a timeout. */
export function secondsText(ms: unknown, fallbackMs: number): string {
  const value = typeof ms === 'number' ? ms : fallbackMs;
  return String(Math.round(value / 100) / 10);
}

/** Form text to a number, or null when it is not one. */
export function numberOf(text: string): number | null {
  const trimmed = text.trim();
  if (trimmed === '' || !/^-?\d*(\.\d+)?$/.test(trimmed)) return null;
  return Number(trimmed);
}
