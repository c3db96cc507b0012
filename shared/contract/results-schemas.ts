import { z } from 'zod';

// The results of a journey (PRODUCT.md §8), as `journey report` and `journey runs` print them with --json.

const groupSchema = z.enum(['target', 'control']);
export const cohortSizeSchema = z.enum(['day', 'week']);

export const groupResultSchema = z.object({
  entered: z.number(),
  converted: z.number(),
  rate: z.number().nullable(),
  revenue: z.number().nullable(),
  revenue_per_entrant: z.number().nullable(),
});
export type GroupResultDto = z.infer<typeof groupResultSchema>;

export const liftSchema = z.object({
  rate: z.number(),
  rate_ci95: z.tuple([z.number(), z.number()]),
  rate_relative: z.number().nullable(),
  revenue_per_entrant: z.number().nullable(),
  revenue_per_entrant_relative: z.number().nullable(),
  enough_data: z.boolean(),
  method: z.literal('newcombe_hybrid_score'),
});
export type LiftDto = z.infer<typeof liftSchema>;

export const comparisonSchema = z.object({ target: groupResultSchema, control: groupResultSchema.optional(), lift: liftSchema.optional() });
export type ComparisonDto = z.infer<typeof comparisonSchema>;

export const cohortSchema = z.object({
  start: z.string(),
  group: groupSchema,
  store: z.string(),
  entered: z.number(),
  converted: z.number(),
  revenue: z.number().nullable(),
  provisional: z.boolean(),
});
export type CohortDto = z.infer<typeof cohortSchema>;

export const messageResultSchema = z.object({
  sent: z.number(),
  converted_after: z.number(),
  revenue_after: z.number().nullable(),
  control: z.object({ would_have_sent: z.number(), converted_after: z.number(), revenue_after: z.number().nullable() }).optional(),
});

export const journeyReportSchema = comparisonSchema.extend({
  journey_id: z.number(),
  name: z.string(),
  control_share: z.number(),
  goal: z.object({ event: z.string(), window: z.string(), value: z.string().nullable() }).nullable(),
  by: cohortSizeSchema,
  store: z.string().nullable(),
  zone: z.string(),
  as_of: z.string(),
  last_changed_at: z.string().nullable(),
  complete_before: z.string(),
  upload_lag: z.object({ ms: z.number(), duration: z.string(), source: z.enum(['given', 'measured', 'default']), store: z.string().optional() }),
  minimum: z.object({ entrants: z.number(), conversions: z.number() }),
  by_store: z.record(z.string(), comparisonSchema),
  cohorts: z.array(cohortSchema),
  by_message: z.record(z.string(), messageResultSchema),
});
export type JourneyReportDto = z.infer<typeof journeyReportSchema>;

export const runResultSchema = z.object({
  user_id: z.string(),
  seq: z.number(),
  group: groupSchema,
  store: z.string(),
  entered_at: z.string(),
  node: z.string().nullable(),
  status: z.string(),
  goal_at: z.string().nullable(),
  goal_value: z.number().nullable(),
  goal_events: z.number(),
  last_message_node: z.string().nullable(),
  sent: z.array(z.string()),
});

const id = z.number().int().positive();
const reportInput = z.strictObject({ id, by: cohortSizeSchema.default('day'), store: z.string().max(200).optional() });

export const resultMethods = {
  'journeys.report': { input: reportInput, output: journeyReportSchema },
  /** The report as CSV, one row per cohort × group × store; the UI saves it as a download. */
  'journeys.reportCsv': { input: reportInput, output: z.object({ filename: z.string(), csv: z.string(), rows: z.number() }) },
  'journeys.runs': {
    input: z.strictObject({
      id, group: groupSchema.optional(), userId: z.string().min(1).max(256).optional(),
      offset: z.number().int().min(0).default(0), limit: z.number().int().min(1).max(500).default(100),
    }),
    output: z.object({ journey_id: z.number(), total: z.number(), runs: z.array(runResultSchema) }),
  },
} as const;
