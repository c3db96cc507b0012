import { isOfflineCondition } from './conditions.ts';
import { exitsOf, type EventCondition, type JourneyDefinition, type JourneyNode } from './definition.ts';
import { ceilToHours, formatDuration, parseDuration } from './duration.ts';

export type CheckCode =
  | 'lookback_without_upload_interval'
  | 'wait_without_grace'
  | 'check_without_delay'
  | 'offline_realtime_trigger_delayed'
  | 'offline_trigger_in_app_or_web';

export type FixOperation =
  | { op: 'set'; node: string; path: Array<string | number>; value: unknown }
  | { op: 'insert_before'; node: string; insert: JourneyNode }
  | { op: 'replace'; node: string; with: JourneyNode };

export interface Fix {
  summary: string;
  operations: FixOperation[];
}

export interface CheckWarning {
  code: CheckCode;
  severity: 'warning' | 'error';
  node: string | null;
  message: string;
  fix: Fix | null;
}

function hours(ms: number): string {
  const h = ms / 3_600_000;
  return h >= 48 && h % 24 === 0 ? `${h / 24} days` : `${Math.round(h * 10) / 10} h`;
}

function describe(condition: EventCondition): string {
  return `${condition.name}${condition.is_offline === true ? ' (offline)' : condition.is_offline === false ? ' (online)' : ''}`;
}

/**
 * PRODUCT.md §4: where a journey ignores how late store data arrives. `uploadLagMs` is the upload lag
 * to design for (the store's measured p95, or one the user gives). Each warning carries a fix that can be
 * applied with `applyFix`.
 */
export function checkJourney(definition: JourneyDefinition, uploadLagMs: number): CheckWarning[] {
  const warnings: CheckWarning[] = [];
  const lag = ceilToHours(uploadLagMs);
  const lagText = formatDuration(lag);
  const predecessors = new Map<string, JourneyNode[]>();
  for (const node of definition.nodes) {
    for (const [, target] of exitsOf(node)) if (target !== null) predecessors.set(target, [...(predecessors.get(target) ?? []), node]);
  }
  const entry = definition.nodes.find((node) => node.type === 'entry_past' || node.type === 'entry_event');

  for (const node of definition.nodes) {
    if (node.type === 'entry_past' && lag > 0) {
      node.segment.events.forEach((count, index) => {
        if (!isOfflineCondition(count.event)) return;
        const interval = count.upload_interval ? parseDuration(count.upload_interval)! : 0;
        if (interval >= lag) return;
        warnings.push({
          code: 'lookback_without_upload_interval', severity: 'warning', node: node.id,
          message: `"${describe(count.event)} in the last ${count.in_last}" also looks at the last ${hours(lag)}, whose store data has not been uploaded yet: customers who did buy look like they did not`,
          fix: { summary: `look back ${lagText} further, over data already uploaded (upload interval ${lagText})`, operations: [{ op: 'set', node: node.id, path: ['segment', 'events', index, 'upload_interval'], value: lagText }] },
        });
      });
    }
    if (node.type === 'wait_for' && lag > 0 && isOfflineCondition(node.event)) {
      const grace = node.grace ? parseDuration(node.grace)! : 0;
      if (grace < lag) {
        warnings.push({
          code: 'wait_without_grace', severity: 'warning', node: node.id,
          message: `a ${describe(node.event)} in the last ${hours(lag)} of the ${node.timeout} wait is uploaded after it ends${grace > 0 ? ` (grace ${node.grace})` : ''}: those customers take the timeout path`,
          fix: { summary: `add an upload grace of ${lagText}: a purchase made in time still counts when it is uploaded late`, operations: [{ op: 'set', node: node.id, path: ['grace'], value: lagText }] },
        });
      }
    }
    if (node.type === 'check' && lag > 0 && node.condition.events.some((count) => isOfflineCondition(count.event))) {
      const before = predecessors.get(node.id) ?? [];
      const delayed = before.length > 0 && before.every((previous) => previous.type === 'delay' && previous.duration !== undefined && parseDuration(previous.duration)! >= lag);
      if (!delayed) {
        const id = uniqueId(definition, `${node.id}_upload_delay`);
        warnings.push({
          code: 'check_without_delay', severity: 'warning', node: node.id,
          message: `the check reads store data at once, without waiting for the upload (about ${hours(lag)}): recent purchases are not there yet`,
          fix: { summary: `wait ${lagText} before checking`, operations: [{ op: 'insert_before', node: node.id, insert: { id, type: 'delay', label: 'Wait for the store upload', duration: lagText, next: node.id } }] },
        });
      }
    }
  }

  if (entry?.type === 'entry_event' && isOfflineCondition(entry.event)) {
    const inAppOrWeb = definition.nodes.filter((node) => node.type === 'send_in_app' || node.type === 'send_in_web');
    for (const node of inAppOrWeb) {
      warnings.push({
        code: 'offline_trigger_in_app_or_web', severity: 'error', node: node.id,
        message: `an in-${node.type === 'send_in_app' ? 'app' : 'web'} message cannot follow an offline real-time trigger: when the store upload arrives the customer is not in the app or on the site`,
        fix: { summary: 'send an email instead', operations: [{ op: 'replace', node: node.id, with: { ...node, type: 'send_email' } as JourneyNode }] },
      });
    }
    if (lag > 0) {
      warnings.push({
        code: 'offline_realtime_trigger_delayed', severity: 'warning', node: entry.id,
        message: `customers enter when the store upload arrives, about ${hours(lag)} after ${describe(entry.event)}, not when it happens: "right after the purchase" is up to ${hours(lag)} late`,
        fix: {
          summary: `make the delay explicit: enter on a past condition (${entry.event.name} uploaded by now: in the ${definition.reevaluate_every} before the last ${lagText}, re-evaluated every ${definition.reevaluate_every})`,
          // The window steps back by the lag (upload_interval), so the fix raises no lookback warning of its own.
          operations: [{ op: 'replace', node: entry.id, with: { id: entry.id, type: 'entry_past', ...(entry.label ? { label: entry.label } : {}), segment: { attributes: [], events: [{ event: entry.event, in_last: definition.reevaluate_every, upload_interval: lagText, count: { op: 'gte', value: 1 } }] }, next: entry.next } }],
        },
      });
    }
  }
  return warnings;
}

function uniqueId(definition: JourneyDefinition, wanted: string): string {
  const ids = new Set(definition.nodes.map((node) => node.id));
  let id = wanted.slice(0, 60);
  for (let n = 2; ids.has(id); n++) id = `${wanted.slice(0, 58)}_${n}`;
  return id;
}

/** Applies a fix's operations to a copy of the definition. */
export function applyFix(definition: JourneyDefinition, fix: Fix): JourneyDefinition {
  const next: JourneyDefinition = structuredClone(definition);
  for (const operation of fix.operations) {
    const index = next.nodes.findIndex((node) => node.id === operation.node);
    if (index < 0) throw new Error(`no node "${operation.node}"`);
    if (operation.op === 'set') {
      let target: Record<string | number, unknown> = next.nodes[index] as unknown as Record<string, unknown>;
      for (const key of operation.path.slice(0, -1)) target = target[key] as Record<string | number, unknown>;
      target[operation.path[operation.path.length - 1]!] = operation.value;
    } else if (operation.op === 'replace') {
      // The replacement keeps the node's current links: another fix applied first may have relinked it.
      const replacement = structuredClone(operation.with);
      const current = next.nodes[index]!;
      if ('next' in current && 'next' in replacement) replacement.next = current.next;
      next.nodes[index] = replacement;
    } else {
      for (const node of next.nodes) {
        if (node.type === 'wait_for') {
          if (node.matched === operation.node) node.matched = operation.insert.id;
          if (node.timed_out === operation.node) node.timed_out = operation.insert.id;
        } else if (node.type === 'check') {
          if (node.yes === operation.node) node.yes = operation.insert.id;
          if (node.no === operation.node) node.no = operation.insert.id;
        } else if (node.type === 'email_opened') {
          if (node.opened === operation.node) node.opened = operation.insert.id;
          if (node.not_opened === operation.node) node.not_opened = operation.insert.id;
        } else if (node.next === operation.node) {
          node.next = operation.insert.id;
        }
      }
      next.nodes.splice(index, 0, structuredClone(operation.insert));
    }
  }
  return next;
}
