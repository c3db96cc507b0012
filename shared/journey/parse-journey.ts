import type { z } from 'zod';
import { exitsOf, journeyDefinitionSchema, type JourneyDefinition, type JourneyNode } from './definition.ts';
import { isOfflineCondition } from './conditions.ts';
import { parseDuration } from './duration.ts';
import { MIN_CYCLE_DELAY_MS } from './limits.ts';
import { MAX_SMS_PARTS, smsLength } from './sms-length.ts';

export interface DefinitionProblem {
  node?: string;
  message: string;
}

export type ParseResult = { ok: true; definition: JourneyDefinition } | { ok: false; problems: DefinitionProblem[] };

function describeZodIssue(issue: z.core.$ZodIssue, input: unknown): DefinitionProblem {
  const path = issue.path;
  let node: string | undefined;
  let rest = path;
  if (path[0] === 'nodes' && typeof path[1] === 'number') {
    const raw = (input as { nodes?: unknown[] })?.nodes?.[path[1]] as { id?: unknown } | undefined;
    node = typeof raw?.id === 'string' ? raw.id : `#${path[1] + 1}`;
    rest = path.slice(2);
  }
  const where = rest.length > 0 ? `${rest.join('.')}: ` : '';
  const message = issue.code === 'unrecognized_keys' ? `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((key) => `"${key}"`).join(', ')}` : issue.message;
  return node === undefined ? { message: `${where}${message}` } : { node, message: `${where}${message}` };
}

export interface ParseOptions {
  /**
   * For the journey check: leave out the problems it reports itself with a fix (an in-app or in-web
   * message after an offline trigger), so the user gets the fix instead of a refusal.
   */
  forCheck?: boolean;
}

/** Parses and checks a journey: the schema (unknown fields refused), then the graph. Every problem names its node. */
export function parseJourney(input: unknown, options: ParseOptions = {}): ParseResult {
  const parsed = journeyDefinitionSchema.safeParse(input);
  if (!parsed.success) return { ok: false, problems: parsed.error.issues.map((issue) => describeZodIssue(issue, input)) };
  const problems = graphProblems(parsed.data, options);
  return problems.length > 0 ? { ok: false, problems } : { ok: true, definition: parsed.data };
}

export function graphProblems(definition: JourneyDefinition, options: ParseOptions = {}): DefinitionProblem[] {
  const problems: DefinitionProblem[] = [];
  const byId = new Map<string, JourneyNode>();
  for (const node of definition.nodes) {
    if (byId.has(node.id)) problems.push({ node: node.id, message: 'two nodes have this id' });
    byId.set(node.id, node);
  }
  const entries = definition.nodes.filter((node) => node.type === 'entry_past' || node.type === 'entry_event');
  if (entries.length !== 1) {
    problems.push({ ...(entries[1] ? { node: entries[1].id } : {}), message: `a journey has exactly one entry node (entry_past or entry_event); this one has ${entries.length}` });
  }
  for (const node of definition.nodes) {
    for (const [path, target] of exitsOf(node)) {
      if (target === null) continue;
      const to = byId.get(target);
      if (!to) problems.push({ node: node.id, message: `path "${path}" goes to "${target}", which is not a node` });
      else if (to.type === 'entry_past' || to.type === 'entry_event') problems.push({ node: node.id, message: `path "${path}" goes back to the entry node "${target}"` });
    }
  }
  if (problems.length > 0) return problems;
  const entry = entries[0]!;
  const successors = (node: JourneyNode) => exitsOf(node).map(([, target]) => target).filter((target): target is string => target !== null).map((target) => byId.get(target)!);

  const reachable = new Set<string>();
  const stack: JourneyNode[] = [entry];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (reachable.has(node.id)) continue;
    reachable.add(node.id);
    stack.push(...successors(node));
  }
  for (const node of definition.nodes) if (!reachable.has(node.id)) problems.push({ node: node.id, message: 'no path from the entry reaches this node' });

  // A node ends well if some path from it reaches a missing (null) next.
  const ends = new Set<string>(definition.nodes.filter((node) => exitsOf(node).some(([, target]) => target === null)).map((node) => node.id));
  for (let changed = true; changed;) {
    changed = false;
    for (const node of definition.nodes) {
      if (!ends.has(node.id) && successors(node).some((next) => ends.has(next.id))) {
        ends.add(node.id);
        changed = true;
      }
    }
  }
  for (const node of definition.nodes) if (reachable.has(node.id) && !ends.has(node.id)) problems.push({ node: node.id, message: 'no path from this node reaches an end' });

  for (const cycle of findCycles(definition.nodes, successors)) {
    if (!cycle.some(waitsLongEnough)) {
      problems.push({ node: cycle[0]!.id, message: `the cycle ${[...cycle, cycle[0]!].map((node) => node.id).join(' → ')} has no delay of at least PT1M: it would loop at once` });
    }
  }

  for (const node of definition.nodes) {
    if (node.type !== 'email_opened') continue;
    const emails = definition.nodes.filter((other) => other.type === 'send_email' && canReach(other, node, successors));
    if (node.message !== undefined && !emails.some((email) => email.id === node.message)) {
      problems.push({ node: node.id, message: `"message" must name a send_email node before this one; "${node.message}" is not` });
    } else if (emails.length === 0) {
      problems.push({ node: node.id, message: 'an "email opened?" node needs a send_email node before it' });
    }
  }

  for (const node of definition.nodes) {
    if (node.type !== 'send_sms' || node.body === undefined) continue;
    // A placeholder counts as ten characters: a typical name; the real text is checked again when sent.
    const estimate = node.body.replace(/\{\{[^}]*\}\}/g, 'xxxxxxxxxx');
    const length = smsLength(estimate);
    if (length.parts > MAX_SMS_PARTS) {
      const limit = length.encoding === 'GSM-7' ? 153 * MAX_SMS_PARTS : 67 * MAX_SMS_PARTS;
      problems.push({ node: node.id, message: `the SMS text is ${length.units} ${length.encoding} characters (${length.parts} parts); at most ${MAX_SMS_PARTS} parts (${limit} characters) can be sent` });
    }
  }

  const entryEvent = entry.type === 'entry_event' && isOfflineCondition(entry.event) ? entry : undefined;
  if (entryEvent && !options.forCheck) {
    for (const node of definition.nodes) {
      if (node.type === 'send_in_app' || node.type === 'send_in_web') {
        problems.push({ node: node.id, message: `${node.type === 'send_in_app' ? 'in-app' : 'in-web'} messages cannot follow an offline real-time trigger: the customer is not in the app or on the site when a store upload arrives` });
      }
    }
  }
  return problems;
}

/** A delay that makes a cycle wait: until a time of day (always the next one), or at least a minute. */
function waitsLongEnough(node: JourneyNode): boolean {
  if (node.type !== 'delay') return false;
  return node.until !== undefined || (parseDuration(node.duration ?? '') ?? 0) >= MIN_CYCLE_DELAY_MS;
}

function canReach(from: JourneyNode, to: JourneyNode, successors: (node: JourneyNode) => JourneyNode[]): boolean {
  const seen = new Set<string>();
  const stack = successors(from);
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.id === to.id) return true;
    if (seen.has(node.id)) continue;
    seen.add(node.id);
    stack.push(...successors(node));
  }
  return false;
}

/** Elementary cycles found by depth-first search (one per back edge). */
function findCycles(nodes: readonly JourneyNode[], successors: (node: JourneyNode) => JourneyNode[]): JourneyNode[][] {
  const cycles: JourneyNode[][] = [];
  const state = new Map<string, 'open' | 'done'>();
  const path: JourneyNode[] = [];
  const visit = (node: JourneyNode) => {
    state.set(node.id, 'open');
    path.push(node);
    for (const next of successors(node)) {
      const seen = state.get(next.id);
      if (seen === 'open') cycles.push(path.slice(path.findIndex((item) => item.id === next.id)));
      else if (seen === undefined) visit(next);
    }
    path.pop();
    state.set(node.id, 'done');
  };
  for (const node of nodes) if (!state.has(node.id)) visit(node);
  return cycles;
}
