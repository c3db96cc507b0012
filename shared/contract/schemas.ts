import { z } from 'zod';
import { journeyDefinitionSchema } from '../journey/definition.ts';
import { importKinds } from '../model/import-kind.ts';
import { sourceFormats } from '../model/source-format.ts';

const iso = z.string();
const scalar = z.union([z.string(), z.number(), z.boolean()]);

export const errorSchema = z.object({
  code: z.string(),
  message: z.string(),
  file: z.string().optional(),
  row: z.number().optional(),
  column: z.string().optional(),
});
export type ApiError = z.infer<typeof errorSchema>;

export const importKindSchema = z.enum(importKinds);
export const encodingSchema = z.enum(['utf-8', 'shift_jis', 'big5', 'utf-16le']);
export const batchStatusSchema = z.enum(['importing', 'staged', 'committed', 'rolled_back']);

export const storeQualitySchema = z.object({ rows: z.number(), missing_user_id: z.number(), rate: z.number() });

export const batchSummarySchema = z.object({
  id: z.number(),
  status: batchStatusSchema,
  kind: importKindSchema,
  file: z.string(),
  path: z.string(),
  format: z.enum(sourceFormats),
  encoding: z.string(),
  delimiter: z.string().nullable(),
  sheet: z.string().nullable(),
  tz: z.string().nullable(),
  rows: z.number(),
  accepted: z.number(),
  rejected: z.number(),
  duplicates: z.number(),
  issues: z.record(z.string(), z.number()),
  stores: z.record(z.string(), storeQualitySchema),
  mapping: z.record(z.string(), z.string()),
  ignored_columns: z.array(z.object({ header: z.string(), reason: z.string() })),
  created_at: iso,
  committed_at: iso.nullable(),
  rolled_back_at: iso.nullable(),
  raw_purged_at: iso.nullable(),
});
export type BatchSummaryDto = z.infer<typeof batchSummarySchema>;

export const targetInfoSchema = z.object({ name: z.string(), type: z.string(), required: z.boolean() });

export const inspectionSchema = z.object({
  path: z.string(),
  file: z.string(),
  size: z.number(),
  format: z.enum(sourceFormats),
  encoding: z.string(),
  delimiter: z.string().nullable(),
  sheets: z.array(z.string()),
  sheet: z.string().nullable(),
  kind: importKindSchema,
  tz: z.string().nullable(),
  headers: z.array(z.string()),
  /** The first data rows, as read. */
  samples: z.array(z.array(z.string())),
  /** target or custom attribute → header */
  mapping: z.record(z.string(), z.string()),
  ignored: z.array(z.object({ header: z.string(), reason: z.string() })),
  targets: z.array(targetInfoSchema),
  remembered: z.boolean(),
  missing_required: z.array(z.string()),
});
export type Inspection = z.infer<typeof inspectionSchema>;

export const rowIssueSchema = z.object({ code: z.string(), column: z.string().optional(), value: z.string().optional(), detail: z.string().optional() });

export const batchRowSchema = z.object({
  row: z.number(),
  outcome: z.enum(['accepted', 'rejected', 'duplicate']),
  codes: z.array(z.string()),
  reasons: z.array(z.string()),
  cells: z.array(z.string()),
});
export type BatchRowDto = z.infer<typeof batchRowSchema>;

export const timelineEventSchema = z.object({
  name: z.string(),
  occurred_at: iso,
  occurred_local: z.string(),
  ingested_at: iso.nullable(),
  upload_lag_ms: z.number().nullable(),
  is_offline: z.boolean(),
  params: z.record(z.string(), scalar),
  batch_id: z.number(),
  row_no: z.number(),
  status: z.enum(['staged', 'committed']),
});

export const profileSchema = z.looseObject({ user_id: z.string() });

export const timelineSchema = z.object({
  user: profileSchema.nullable(),
  staged_profile: z.record(z.string(), z.unknown()).nullable(),
  events: z.array(timelineEventSchema),
});
export type TimelineDto = z.infer<typeof timelineSchema>;

export const storeStatsSchema = z.object({
  store: z.string(),
  rows: z.number(),
  missing_user_id: z.number(),
  rate: z.number(),
  lag_p95_ms: z.number().nullable(),
  lag_median_ms: z.number().nullable(),
  events: z.number(),
});

export const journeyStateSchema = z.enum(['draft', 'active', 'paused', 'stopped']);
export const journeyStatsSchema = z.object({
  runs: z.record(z.string(), z.number()),
  waiting_at: z.record(z.string(), z.number()),
  errors: z.object({ runs: z.number(), first: z.string().nullable() }),
  goals: z.number(),
  messages: z.record(z.string(), z.number()),
});
export const journeyRecordSchema = z.object({
  id: z.number(),
  name: z.string(),
  state: journeyStateSchema,
  definition: journeyDefinitionSchema,
  activated_at: iso.nullable(),
  paused_at: iso.nullable(),
  stopped_at: iso.nullable(),
  created_at: iso,
  updated_at: iso,
  stats: journeyStatsSchema,
});
export type JourneyRecordDto = z.infer<typeof journeyRecordSchema>;

export const fixSchema = z.object({ summary: z.string(), operations: z.array(z.unknown()) });
export const checkWarningSchema = z.object({
  code: z.string(),
  severity: z.enum(['warning', 'error']),
  node: z.string().nullable(),
  message: z.string(),
  fix: fixSchema.nullable(),
});
export const checkResultSchema = z.object({
  lag: z.object({ ms: z.number(), duration: z.string(), source: z.enum(['measured', 'given', 'default']), store: z.string().optional() }),
  warnings: z.array(checkWarningSchema),
});
export type CheckResultDto = z.infer<typeof checkResultSchema>;

export const previewResultSchema = z.object({
  from: iso,
  to: iso,
  upload: z.string(),
  users: z.number(),
  entered: z.number(),
  exited: z.number(),
  completed: z.number(),
  goals: z.number(),
  target: z.object({ entered: z.number(), messages: z.number() }),
  control: z.object({ entered: z.number(), would_have_sent: z.number() }),
  nodes: z.record(z.string(), z.object({ reached: z.number() })),
  messages: z.array(z.object({ user_id: z.string(), channel: z.string(), node: z.string(), at: iso, status: z.string(), reason: z.string().nullable() })),
  traces: z.record(z.string(), z.array(z.object({ at: iso, node: z.string(), what: z.string() }))),
});
export type PreviewResultDto = z.infer<typeof previewResultSchema>;

export const journeyTestResultSchema = z.object({
  user_id: z.string(),
  started_at: iso,
  wait: z.string(),
  status: z.string(),
  path: z.array(z.string()),
  messages: z.array(z.object({ node: z.string(), channel: z.string(), at: iso, status: z.string(), reason: z.string().nullable() })),
  trace: z.array(z.object({ at: iso, node: z.string(), what: z.string() })),
});

export const outboxMessageSchema = z.object({
  id: z.number(),
  user_id: z.string(),
  channel: z.string(),
  node: z.string(),
  journey_id: z.number(),
  due_at: iso,
  status: z.string(),
  reason: z.string().nullable(),
  sent_at: iso.nullable(),
  dry_run: z.boolean(),
  attempts: z.number(),
  last_error: z.string().nullable(),
});

const timeOfDay = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/);
export const languageSchema = z.enum(['en', 'ja', 'zh-TW']);
export type Language = z.infer<typeof languageSchema>;

export const storeSettingSchema = z.object({ store_id: z.string().min(1).max(100), name: z.string().max(200).nullable(), tz: z.string().nullable() });

export const settingsSchema = z.object({
  zone: z.string(),
  zone_is_default: z.boolean(),
  quiet_hours: z.object({ start: timeOfDay, end: timeOfDay }).nullable(),
  daily_cap: z.record(z.string(), z.number()),
  stale_after: z.string(),
  language: languageSchema.nullable(),
  stores: z.array(storeSettingSchema),
  upload_lag_p95_ms: z.number().nullable(),
});
export type SettingsDto = z.infer<typeof settingsSchema>;

export const uploadModelSchema = z.discriminatedUnion('mode', [
  z.object({ mode: z.literal('recorded') }),
  z.object({ mode: z.literal('lag'), lag: z.string() }),
  z.object({ mode: z.literal('daily'), time: timeOfDay }),
]);

const channelStatusSchema = z.object({ configured: z.boolean(), live: z.boolean(), tested_at: iso.nullable(), has_secret: z.boolean(), config: z.unknown() });
export const channelsStatusSchema = z.object({ email: channelStatusSchema, sms: channelStatusSchema });
export type ChannelsStatusDto = z.infer<typeof channelsStatusSchema>;

export const attemptSchema = z.object({ started_at: iso, finished_at: iso.nullable(), outcome: z.string().nullable(), error: z.string().nullable(), provider_id: z.string().nullable() });

export const watchFolderSchema = z.object({
  id: z.number(), folder: z.string(), kind: importKindSchema, pattern: z.string(), tz: z.string().nullable(), settle_ms: z.number(),
  max_rejected_rate: z.number(), mode: z.enum(['arrival', 'daily']), daily_at: z.string().nullable(), last_daily_run: z.string().nullable(), enabled: z.boolean(),
  /** Chosen in the folder dialog (or on the command line); false for one saved before that rule, which is not read until confirmed. */
  confirmed: z.boolean(),
});
export const watchedFileSchema = z.object({
  folder_id: z.number(), name: z.string(), size: z.number(), status: z.string(), outcome: z.string().nullable(), batch_id: z.number().nullable(), error: z.string().nullable(), seen_at: iso,
});
export const upstreamJobSchema = z.object({
  id: z.number(), batch_id: z.number(), kind: z.string(), part: z.number(), rows: z.number(), bytes: z.number(), status: z.string(), attempts: z.number(),
  next_attempt_at: iso.nullable(), last_error: z.string().nullable(), remote_job_id: z.string().nullable(), done_at: iso.nullable(),
});
export const upstreamStatusSchema = z.object({
  configured: z.boolean(),
  config: z.record(z.string(), z.unknown()).nullable(),
  jobs: z.array(upstreamJobSchema),
  last_success: iso.nullable(),
  report: z.object({ planned: z.number(), sent: z.number(), done: z.number(), retrying: z.number(), failed: z.number(), offline: z.boolean() }).nullable(),
});
