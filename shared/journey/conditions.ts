import type { EventCondition, Predicate } from './definition.ts';

export type Scalar = string | number | boolean;

/** The data a condition reads of an event. */
export interface ConditionEvent {
  name: string;
  isOffline: boolean;
  params: Record<string, Scalar>;
}

/** An event condition reads offline data unless it says is_offline = false. */
export function isOfflineCondition(condition: EventCondition): boolean {
  return condition.is_offline !== false;
}

function compare(actual: unknown, predicate: Predicate): boolean {
  const { op, value } = predicate;
  if (op === 'exists') return actual !== undefined && actual !== null && actual !== '';
  if (actual === undefined || actual === null) return op === 'ne';
  switch (op) {
    case 'eq': return looselyEqual(actual, value);
    case 'ne': return !looselyEqual(actual, value);
    case 'in': return Array.isArray(value) && value.some((item) => looselyEqual(actual, item));
    case 'contains': return typeof actual === 'string' && typeof value === 'string' && actual.includes(value);
    default: {
      // Numbers compare as numbers; anything else (e.g. dates written YYYY-MM-DD) as text.
      const a = typeof actual === 'number' ? actual : Number(actual);
      const b = typeof value === 'number' ? value : Number(value);
      const order = Number.isFinite(a) && Number.isFinite(b) && String(actual).trim() !== '' ? Math.sign(a - b) : Math.sign(String(actual).localeCompare(String(value)));
      switch (op) {
        case 'gt': return order > 0;
        case 'gte': return order >= 0;
        case 'lt': return order < 0;
        default: return order <= 0;
      }
    }
  }
}

// Imported values are typed (numbers, booleans); conditions written by hand may quote them.
function looselyEqual(actual: unknown, expected: unknown): boolean {
  if (actual === expected) return true;
  if (typeof actual === 'number' && typeof expected === 'string') return expected.trim() !== '' && Number(expected) === actual;
  if (typeof actual === 'boolean' && typeof expected === 'string') return String(actual) === expected.toLowerCase();
  if (typeof actual === 'string' && typeof expected !== 'string') return actual === String(expected);
  return false;
}

export function matchesPredicates(values: Readonly<Record<string, unknown>>, predicates: readonly Predicate[]): boolean {
  return predicates.every((predicate) => compare(Object.prototype.hasOwnProperty.call(values, predicate.key) ? values[predicate.key] : undefined, predicate));
}

export function matchesEvent(condition: EventCondition, event: ConditionEvent): boolean {
  if (event.name !== condition.name) return false;
  if (condition.is_offline !== undefined && condition.is_offline !== event.isOffline) return false;
  return matchesPredicates(event.params, condition.params);
}

export function compareCount(count: number, op: 'gte' | 'gt' | 'eq' | 'lt' | 'lte', value: number): boolean {
  switch (op) {
    case 'gte': return count >= value;
    case 'gt': return count > value;
    case 'eq': return count === value;
    case 'lt': return count < value;
    default: return count <= value;
  }
}
