import { z } from 'zod';
import { journeyDefinitionSchema } from '../journey/definition.ts';
import { dataSafetyMethods } from './data-safety.ts';
import {
  attemptSchema, channelsStatusSchema, upstreamStatusSchema, watchedFileSchema, watchFolderSchema,
  batchRowSchema, batchSummarySchema, checkResultSchema, encodingSchema, importKindSchema, inspectionSchema, journeyRecordSchema,
  journeyTestResultSchema, languageSchema, outboxMessageSchema, previewResultSchema, rowIssueSchema, settingsSchema, storeSettingSchema, storeStatsSchema,
  timelineSchema, uploadModelSchema,
} from './schemas.ts';
import { resultMethods } from './results-schemas.ts';

const id = z.number().int().positive();
const delimiterSchema = z.enum([',', '\t', ';', '|']);
const empty = z.strictObject({});
const page = { offset: z.number().int().min(0).default(0), limit: z.number().int().min(1).max(500).default(100) };
const path = z.string().min(1).max(4096);
const mapping = z.array(z.tuple([z.string().min(1).max(64), z.string().max(1000)])).max(500);

/**
 * The one API between the UI and the core: every method's input and output. Inputs are parsed
 * (strictly) before a handler sees them, wherever they come from (IPC or the browser harness).
 */
export const methods = {
  'app.info': {
    input: empty,
    output: z.object({ version: z.string(), dbPath: z.string(), locale: z.string(), harness: z.boolean() }),
  },
  'files.inspect': {
    input: z.strictObject({ path, kind: importKindSchema.optional(), encoding: encodingSchema.optional(), delimiter: delimiterSchema.optional(), sheet: z.string().max(300).optional(), tz: z.string().max(100).optional(), map: mapping.optional() }),
    output: inspectionSchema,
  },
  'import.start': {
    input: z.strictObject({
      path, kind: importKindSchema, tz: z.string().max(100).optional(), country: z.string().length(2).optional(), encoding: encodingSchema.optional(),
      delimiter: delimiterSchema.optional(),
      sheet: z.string().max(300).optional(), map: mapping.default([]),
    }),
    output: z.object({ jobId: z.string() }),
  },
  'import.cancel': { input: z.strictObject({ jobId: z.string().max(100) }), output: z.object({ cancelled: z.boolean() }) },
  'batches.list': { input: empty, output: z.object({ batches: z.array(batchSummarySchema) }) },
  'batches.get': { input: z.strictObject({ id }), output: batchSummarySchema },
  'batches.rows': {
    input: z.strictObject({ id, outcome: z.enum(['all', 'accepted', 'rejected', 'duplicate']).default('all'), code: z.string().max(64).optional(), ...page }),
    output: z.object({ total: z.number(), headers: z.array(z.string()), rows: z.array(batchRowSchema) }),
  },
  'batches.commit': { input: z.strictObject({ id }), output: z.object({ committed: z.array(z.number()), events: z.number(), profiles: z.number() }) },
  'batches.rollbackPreview': {
    input: z.strictObject({ id }),
    output: z.object({ id: z.number(), status: z.string(), events: z.number(), profiles: z.number(), file: z.string(), profiles_purged_at: z.string().nullable(), upstream: z.object({ pushed: z.number(), can_delete: z.boolean(), added_profiles: z.number() }) }),
  },
  'batches.rollback': {
    input: z.strictObject({ id, localOnly: z.boolean().default(false) }),
    output: z.object({ rolled_back: z.number(), events_removed: z.number(), profiles_restored: z.number(), profiles_purged_at: z.string().nullable(), upstream_jobs_queued: z.number(), upstream_jobs_cancelled: z.number() }),
  },
  'batches.rejectedCsv': { input: z.strictObject({ id }), output: z.object({ filename: z.string(), csv: z.string(), rows: z.number() }) },
  /** One row's issues with their column and value, so the review can explain them in the UI's language. */
  'batches.rowIssues': {
    input: z.strictObject({ id, row: z.number().int().min(1) }),
    output: z.object({ row: z.number(), outcome: z.enum(['accepted', 'rejected', 'duplicate']), issues: z.array(rowIssueSchema) }),
  },
  'users.search': {
    input: z.strictObject({ text: z.string().max(200), limit: z.number().int().min(1).max(200).default(50) }),
    output: z.object({ total: z.number(), users: z.array(z.looseObject({ user_id: z.string() })) }),
  },
  'timeline.get': { input: z.strictObject({ userId: z.string().min(1).max(256) }), output: timelineSchema },
  'quality.stats': { input: empty, output: z.object({ stores: z.array(storeStatsSchema) }) },
  'journeys.list': { input: empty, output: z.object({ journeys: z.array(journeyRecordSchema) }) },
  'journeys.get': { input: z.strictObject({ id }), output: journeyRecordSchema },
  'journeys.templates': { input: empty, output: z.object({ templates: z.array(z.object({ id: z.string(), name: z.string(), description: z.string() })) }) },
  'journeys.createFromTemplate': { input: z.strictObject({ template: z.string().max(100) }), output: journeyRecordSchema },
  'journeys.create': { input: z.strictObject({ definition: z.unknown() }), output: journeyRecordSchema },
  'journeys.update': { input: z.strictObject({ id, definition: z.unknown() }), output: journeyRecordSchema },
  'journeys.activate': { input: z.strictObject({ id }), output: journeyRecordSchema },
  'journeys.pause': { input: z.strictObject({ id }), output: journeyRecordSchema },
  'journeys.stop': { input: z.strictObject({ id }), output: journeyRecordSchema },
  'journeys.check': {
    input: z.strictObject({ id: id.optional(), definition: z.unknown().optional(), lag: z.string().max(40).optional() }),
    output: checkResultSchema,
  },
  'journeys.preview': {
    input: z.strictObject({
      id: id.optional(), definition: z.unknown().optional(), from: z.iso.datetime({ offset: true }), days: z.number().min(1).max(366),
      upload: uploadModelSchema.default({ mode: 'recorded' }), openRate: z.number().min(0).max(1).default(0), seed: z.number().int().default(1),
      compareGrace: z.boolean().default(false), traceUsers: z.array(z.string().max(256)).max(50).optional(),
    }),
    output: z.object({ with_grace: previewResultSchema, without_grace: previewResultSchema.nullable() }),
  },
  'journeys.test': {
    input: z.strictObject({ id, userId: z.string().min(1).max(256), wait: z.string().max(40).default('PT1M'), opened: z.boolean().default(false) }),
    output: journeyTestResultSchema,
  },
  'outbox.list': {
    input: z.strictObject({ journeyId: id.optional(), userId: z.string().max(256).optional(), status: z.enum(['scheduled', 'sending', 'sent', 'skipped', 'cancelled', 'failed', 'unknown']).optional(), ...page }),
    output: z.object({ total: z.number(), messages: z.array(outboxMessageSchema) }),
  },
  'settings.get': { input: empty, output: settingsSchema },
  'settings.update': {
    input: z.strictObject({
      zone: z.string().max(100).nullable().optional(),
      quiet_hours: z.object({ start: z.string(), end: z.string() }).nullable().optional(),
      daily_cap: z.record(z.enum(['email', 'sms', 'in_app', 'in_web']), z.number().int().min(0).max(100)).optional(),
      stale_after: z.string().max(40).optional(),
      language: languageSchema.nullable().optional(),
      stores: z.array(storeSettingSchema).max(1000).optional(),
    }),
    output: settingsSchema,
  },
  /** Every channel's daily cap at once; a channel left out has no cap (`settings.update` cannot say "no cap"). */
  'settings.setDailyCaps': {
    input: z.strictObject({ daily_cap: z.partialRecord(z.enum(['email', 'sms', 'in_app', 'in_web']), z.number().int().min(0).max(100)) }),
    output: settingsSchema,
  },
  'engine.tick': { input: empty, output: z.object({ now: z.string(), sent: z.number(), stale: z.number() }) },
  'channels.status': { input: empty, output: channelsStatusSchema },
  'automation.list': { input: empty, output: z.object({ folders: z.array(watchFolderSchema), files: z.array(watchedFileSchema) }) },
  'automation.save': { input: z.strictObject({ folder: z.record(z.string(), z.unknown()) }), output: watchFolderSchema },
  'automation.remove': { input: z.strictObject({ id }), output: z.object({ removed: z.number() }) },
  'automation.scan': { input: empty, output: z.object({ results: z.array(z.object({ folder: z.string(), file: z.string(), outcome: z.string(), batch_id: z.number().optional(), detail: z.string().optional() })) }) },
  'upstream.get': { input: empty, output: upstreamStatusSchema },
  'upstream.save': { input: z.strictObject({ config: z.record(z.string(), z.unknown()), token: z.string().max(4000).optional() }), output: upstreamStatusSchema },
  'upstream.syncNow': { input: empty, output: upstreamStatusSchema },
  'upstream.retry': { input: z.strictObject({ id }), output: upstreamStatusSchema },
  'channels.saveEmail': {
    input: z.strictObject({ config: z.record(z.string(), z.unknown()), password: z.string().max(1000).nullable().optional() }),
    output: channelsStatusSchema,
  },
  'channels.saveSms': {
    input: z.strictObject({ config: z.record(z.string(), z.unknown()), authValue: z.string().max(4000).nullable().optional() }),
    output: channelsStatusSchema,
  },
  'channels.test': {
    input: z.strictObject({ channel: z.enum(['email', 'sms']), to: z.string().min(3).max(320) }),
    output: z.object({ ok: z.boolean(), outcome: z.string(), provider_id: z.string().nullable(), error: z.string().nullable() }),
  },
  'outbox.attempts': { input: z.strictObject({ id }), output: z.object({ attempts: z.array(attemptSchema) }) },
  'outbox.retry': { input: z.strictObject({ id }), output: z.object({ id: z.number() }) },
  'outbox.cancel': { input: z.strictObject({ id }), output: z.object({ id: z.number() }) },
  'outbox.markSent': { input: z.strictObject({ id }), output: z.object({ id: z.number() }) },
  ...dataSafetyMethods,
  ...resultMethods,
} as const;

export type Methods = typeof methods;
export type MethodName = keyof Methods;
export type MethodInput<M extends MethodName> = z.input<Methods[M]['input']>;
export type ParsedInput<M extends MethodName> = z.output<Methods[M]['input']>;
export type MethodOutput<M extends MethodName> = z.output<Methods[M]['output']>;

export function isMethodName(name: string): name is MethodName {
  return Object.prototype.hasOwnProperty.call(methods, name);
}

export type JourneyDefinitionDto = z.infer<typeof journeyDefinitionSchema>;
