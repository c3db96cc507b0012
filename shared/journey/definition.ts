import { z } from 'zod';
import { isValidAttributeName } from '../import/attribute-name.ts';
import { parseDuration } from './duration.ts';
import { MIN_REEVALUATE_MS } from './limits.ts';

const duration = z.string().refine((value) => parseDuration(value) !== null, { message: 'an ISO 8601 duration such as P7D or PT12H (days, hours, minutes, seconds)' });
const nodeId = z.string().regex(/^[a-z][a-z0-9_-]{0,63}$/, 'node ids are lower-case letters, digits, _ and -, starting with a letter');
const attributeName = z.string().refine((value) => value === 'user_id' || isValidAttributeName(value), { message: 'an attribute name ([a-z_][a-z0-9_]*)' });
const scalar = z.union([z.string(), z.number(), z.boolean()]);
const timeOfDay = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time of day HH:MM');

export const comparisonOps = ['eq', 'ne', 'gt', 'gte', 'lt', 'lte', 'in', 'contains', 'exists'] as const;

export const predicateSchema = z.strictObject({
  key: attributeName,
  op: z.enum(comparisonOps).default('eq'),
  value: z.union([scalar, z.array(scalar)]).optional(),
});

/** An event that counts: its name, online/offline (unset: either), and parameter predicates. */
export const eventConditionSchema = z.strictObject({
  name: z.string().min(1),
  is_offline: z.boolean().optional(),
  params: z.array(predicateSchema).default([]),
});

/** "at least N matching events in the last X" by occurred_at; `upload_interval` shifts the window back by the upload lag. */
export const eventCountSchema = z.strictObject({
  event: eventConditionSchema,
  in_last: duration,
  upload_interval: duration.optional(),
  count: z.strictObject({ op: z.enum(['gte', 'gt', 'eq', 'lt', 'lte']).default('gte'), value: z.number().int().min(0).default(1) }).default({ op: 'gte', value: 1 }),
});

export const segmentSchema = z.strictObject({
  attributes: z.array(predicateSchema).default([]),
  events: z.array(eventCountSchema).default([]),
});

const base = { id: nodeId, label: z.string().max(200).optional(), position: z.strictObject({ x: z.number(), y: z.number() }).optional() };
const next = nodeId.nullable().default(null);
const message = {
  template: z.string().max(200).optional(),
  subject: z.string().max(500).optional(),
  /** Text body (email) or the SMS text; placeholders such as {{name}} and {{event.product_name}}. */
  body: z.string().max(20_000).optional(),
  /** HTML body of an email; placeholder values are HTML-escaped. */
  html: z.string().max(200_000).optional(),
  next,
};

export const nodeSchema = z.discriminatedUnion('type', [
  z.strictObject({ ...base, type: z.literal('entry_past'), segment: segmentSchema, next }),
  z.strictObject({ ...base, type: z.literal('entry_event'), event: eventConditionSchema, next }),
  z.strictObject({ ...base, type: z.literal('wait_for'), event: eventConditionSchema, timeout: duration, grace: duration.optional(), matched: next, timed_out: next }),
  z.strictObject({ ...base, type: z.literal('check'), condition: segmentSchema, yes: next, no: next }),
  z.strictObject({ ...base, type: z.literal('delay'), duration: duration.optional(), until: timeOfDay.optional(), next })
    .refine((node) => (node.duration === undefined) !== (node.until === undefined), { message: 'a delay has either a duration or an until time of day' }),
  z.strictObject({ ...base, type: z.literal('send_email'), ...message }),
  z.strictObject({ ...base, type: z.literal('send_sms'), ...message }),
  z.strictObject({ ...base, type: z.literal('send_in_app'), ...message }),
  z.strictObject({ ...base, type: z.literal('send_in_web'), ...message }),
  z.strictObject({ ...base, type: z.literal('email_opened'), message: nodeId.optional(), timeout: duration, opened: next, not_opened: next }),
]);

export const reentrySchema = z.discriminatedUnion('mode', [
  z.strictObject({ mode: z.literal('once') }),
  z.strictObject({ mode: z.literal('limited'), max: z.number().int().min(1), min_interval: duration.default('PT0S') }),
  z.strictObject({ mode: z.literal('unlimited'), min_interval: duration.default('PT0S') }),
]);

export const journeyDefinitionSchema = z.strictObject({
  name: z.string().min(1).max(200),
  description: z.string().max(2000).optional(),
  nodes: z.array(nodeSchema).min(1),
  goal: z.strictObject({
    event: eventConditionSchema,
    window: duration,
    /** A numeric event parameter summed as revenue (e.g. `amount` of POS lines); refunds (negative values) net out. */
    value: z.string().refine(isValidAttributeName, { message: 'a parameter name ([a-z_][a-z0-9_]*), e.g. amount' }).optional(),
  }).optional(),
  /** Hold back a share of entrants (0 to 0.5) who go through the journey's timing but receive nothing: the baseline for lift. */
  control: z.strictObject({ share: z.number().min(0, 'the control share is 0 to 0.5').max(0.5, 'the control share is at most 0.5: at least half of the entrants get the journey') }).optional(),
  exit: z.strictObject({ event: eventConditionSchema }).optional(),
  reentry: reentrySchema.default({ mode: 'once' }),
  schedule: z.strictObject({ start: z.iso.datetime({ offset: true }).optional(), end: z.iso.datetime({ offset: true }).optional() }).default({}),
  /** How often a past-condition entry is re-evaluated (PRODUCT.md §4: 6 hours). */
  reevaluate_every: duration.refine((value) => parseDuration(value)! >= MIN_REEVALUATE_MS, { message: 'at least PT15M: re-evaluating more often would keep the engine busy with this journey' })
    .default('PT6H'),
});

export type Predicate = z.infer<typeof predicateSchema>;
export type EventCondition = z.infer<typeof eventConditionSchema>;
export type EventCount = z.infer<typeof eventCountSchema>;
export type Segment = z.infer<typeof segmentSchema>;
export type JourneyNode = z.infer<typeof nodeSchema>;
export type NodeType = JourneyNode['type'];
export type JourneyDefinition = z.infer<typeof journeyDefinitionSchema>;
export type JourneyDefinitionInput = z.input<typeof journeyDefinitionSchema>;

export const sendNodeTypes = ['send_email', 'send_sms', 'send_in_app', 'send_in_web'] as const;
export type SendNode = Extract<JourneyNode, { type: (typeof sendNodeTypes)[number] }>;
export type Channel = 'email' | 'sms' | 'in_app' | 'in_web';

export function isSendNode(node: JourneyNode): node is SendNode {
  return (sendNodeTypes as readonly string[]).includes(node.type);
}

export function channelOf(node: SendNode): Channel {
  return node.type.slice('send_'.length) as Channel;
}

/** Each path out of a node, by name: `next`, or Matched/Timeout, Yes/No, Opened/Not opened. */
export function exitsOf(node: JourneyNode): Array<[path: string, target: string | null]> {
  switch (node.type) {
    case 'wait_for': return [['matched', node.matched], ['timed_out', node.timed_out]];
    case 'check': return [['yes', node.yes], ['no', node.no]];
    case 'email_opened': return [['opened', node.opened], ['not_opened', node.not_opened]];
    default: return [['next', node.next]];
  }
}
