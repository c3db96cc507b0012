import type { MethodName, MethodOutput, ParsedInput } from '../../../shared/contract/methods.ts';
import { parseDuration } from '../../../shared/journey/duration.ts';
import type { RowIssue } from '../../../shared/model/issue-codes.ts';
import { checkJourney } from '../../../shared/journey/journey-check.ts';
import { journeyTemplates } from '../../../shared/journey/template.ts';
import type { JourneyDefinition } from '../../../shared/journey/definition.ts';
import { formatDuration } from '../../../shared/journey/duration.ts';
import { listBatchRows, rollbackPreview } from '../batches/batch-rows.ts';
import { commitBatch } from '../batches/commit-batch.ts';
import { rejectedCsv } from '../batches/rejected-rows.ts';
import type { AutomationResult } from '../automation/run-automation.ts';
import { isConfirmedWatchFolder, listWatchedFiles, listWatchFolders, removeWatchFolder, saveWatchFolder, type WatchFolderInput } from '../automation/watch-folders.ts';
import { rollbackWithUpstream, upstreamUndo } from '../sync/upstream-rollback.ts';
import { lastUpstreamSuccess, listUpstreamJobs, retryUpstreamJob, runUpstreamSync, type SyncReport } from '../sync/upstream-sync.ts';
import { readUpstream, saveUpstream, upstreamConfigured } from '../sync/upstream-settings.ts';
import { channelStatus, saveChannel } from '../channels/channel-settings.ts';
import { listOutbox } from '../channels/outbox.ts';
import { cancelMessage, markMessageSent, messageAttempts, retryMessage } from '../channels/outbox-actions.ts';
import type { SecretBox } from '../channels/secret-box.ts';
import { sendTestMessage } from '../channels/test-send.ts';
import type { Clock } from '../clock.ts';
import { ShopfloorError } from '../errors.ts';
import type { ImportJobs } from '../import/import-jobs.ts';
import { inspectFile } from '../import/inspect-file.ts';
import {
  activateJourney, createJourney, getJourney, journeyStats, listJourneys, pauseJourney, stopJourney, updateJourney, validJourney, type JourneyRecord,
} from '../journey/journeys-repo.ts';
import type { ParseOptions } from '../../../shared/journey/parse-journey.ts';
import { loadPreviewData, previewHorizon } from '../journey/preview-data.ts';
import type { SimulationWorkers } from '../journey/simulation-workers.ts';
import { withoutGrace, type UploadModel } from '../journey/simulate-journey.ts';
import { testJourneyOnUser } from '../journey/test-journey.ts';
import { designLag } from '../journey/upload-lag.ts';
import { qualityStats } from '../quality/quality-stats.ts';
import { resultHandlers } from '../results/result-handlers.ts';
import type { EngineRunner } from '../scheduler/engine-runner.ts';
import type { GrantedPaths } from '../security/granted-paths.ts';
import { readAppSettings, updateAppSettings } from '../settings/app-settings.ts';
import { sendSettings } from '../settings/engine-settings.ts';
import { getBatch, listBatches, toSummary } from '../store/batch-repo.ts';
import type { Db } from '../store/open-store.ts';
import type { WorkerScript } from '../worker-script.ts';
import { getTimeline } from '../timeline/get-timeline.ts';
import { findUsers } from '../users/find-users.ts';
import type { EventName, EventPayload } from '../../../shared/contract/events.ts';
import { createSafetyHandlers, type SafetyContext } from './data-safety-handlers.ts';

export type Handlers = { [M in MethodName]: (input: ParsedInput<M>) => Promise<MethodOutput<M>> | MethodOutput<M> };

export interface HandlerContext {
  db: Db;
  clock: Clock;
  jobs: ImportJobs;
  runner: EngineRunner;
  secretBox: SecretBox;
  /** Files and folders the user handed over in this session (dialogs, drops, harness uploads). */
  grants: GrantedPaths;
  spoolDir: string;
  /** Reads watched folders now (force: a daily folder too) and pushes upstream. */
  automation(force: boolean): Promise<AutomationResult>;
  info: { version: string; dbPath: string; locale: string; harness: boolean };
  /** The bundled app's preview worker (by default, the core's own from source or the command line's bundle). */
  previewWorker?: WorkerScript | undefined;
  /** The worker threads previews simulate on. */
  simulations: SimulationWorkers;
  emit(event: EventName, payload: unknown): void;
  /** Backups, restore, retention, erasure (data-safety-handlers.ts). */
  safety: SafetyContext;
}

function upstreamStatus(db: Db, report: SyncReport | null): MethodOutput<'upstream.get'> {
  const config = upstreamConfigured(db);
  return { configured: config !== null, config, jobs: listUpstreamJobs(db), last_success: lastUpstreamSuccess(db), report };
}

function withStats(db: Db, record: JourneyRecord): MethodOutput<'journeys.get'> {
  return { ...record, stats: journeyStats(db, record.id) };
}

function definitionOf(db: Db, input: { id?: number | undefined; definition?: unknown }, options: ParseOptions = {}): JourneyDefinition {
  if (input.id !== undefined) return getJourney(db, input.id).definition;
  if (input.definition === undefined) throw new ShopfloorError('bad_request', 'give a journey id or a definition');
  return validJourney(input.definition, undefined, options);
}

function durationMs(text: string, what: string): number {
  const ms = parseDuration(text);
  if (ms === null) throw new ShopfloorError('bad_request', `${what} is an ISO 8601 duration such as PT30H`);
  return ms;
}

/** Each contract method, on the core. Inputs arrive parsed; anything thrown becomes `{ ok: false, error }`. */
export function createHandlers(context: HandlerContext): Handlers {
  const { db, clock, jobs, emit } = context;
  const changed = (what: EventPayload<'data.changed'>['what']) => emit('data.changed', { what });
  return {
    'app.info': () => context.info,
    'files.inspect': (input) => inspectFile(db, {
      path: input.path,
      ...(input.kind ? { kind: input.kind } : {}),
      ...(input.encoding ? { encoding: input.encoding } : {}),
      ...(input.delimiter ? { delimiter: input.delimiter } : {}),
      ...(input.sheet !== undefined ? { sheet: input.sheet } : {}),
      ...(input.tz !== undefined ? { tz: input.tz } : {}),
      ...(input.map ? { map: input.map } : {}),
    }),
    'import.start': (input) => ({
      jobId: jobs.start({
        file: input.path, kind: input.kind, map: input.map,
        ...(input.tz ? { tz: input.tz } : {}),
        ...(input.country ? { country: input.country } : {}),
        ...(input.encoding ? { encoding: input.encoding } : {}),
        ...(input.delimiter ? { delimiter: input.delimiter } : {}),
        ...(input.sheet !== undefined ? { sheet: input.sheet } : {}),
      }),
    }),
    'import.cancel': (input) => ({ cancelled: jobs.cancel(input.jobId) }),
    'batches.list': () => ({ batches: listBatches(db).filter((batch) => batch.status !== 'importing').map(toSummary).reverse() }),
    'batches.get': (input) => toSummary(getBatch(db, input.id)),
    'batches.rows': (input) => listBatchRows(db, input.id, { outcome: input.outcome, ...(input.code !== undefined ? { code: input.code } : {}), offset: input.offset, limit: input.limit }),
    'batches.commit': (input) => {
      const result = commitBatch(db, clock, input.id);
      changed('batches');
      changed('users');
      return { committed: [result.id], events: result.events, profiles: result.profiles };
    },
    'batches.rollbackPreview': (input) => ({ ...rollbackPreview(db, input.id), upstream: upstreamUndo(db, input.id) }),
    'batches.rollback': (input) => {
      const result = rollbackWithUpstream(db, clock, input.id, { localOnly: input.localOnly, spoolDir: context.spoolDir });
      changed('batches');
      changed('users');
      return result;
    },
    'batches.rejectedCsv': (input) => {
      const batch = getBatch(db, input.id);
      const { csv, rows } = rejectedCsv(db, input.id);
      return { filename: `${batch.file.replace(/\.[^.]+$/, '')}-rejected-rows.csv`, csv, rows };
    },
    'batches.rowIssues': (input) => {
      getBatch(db, input.id);
      // A row that became an event keeps no issues row: it was accepted without any.
      const kept = db.prepare('SELECT outcome, issues FROM batch_rows WHERE batch_id = ? AND row_no = ?').get(input.id, input.row) as
        { outcome: 'accepted' | 'rejected' | 'duplicate'; issues: string } | undefined;
      return { row: input.row, outcome: kept?.outcome ?? 'accepted', issues: kept ? (JSON.parse(kept.issues) as RowIssue[]) : [] };
    },
    'users.search': (input) => findUsers(db, { search: input.text, limit: input.limit }),
    'timeline.get': (input) => getTimeline(db, input.userId.trim()),
    'quality.stats': () => ({ stores: qualityStats(db) }),
    'journeys.list': () => ({ journeys: listJourneys(db).map((record) => withStats(db, record)) }),
    'journeys.get': (input) => withStats(db, getJourney(db, input.id)),
    'journeys.templates': () => ({
      templates: Object.entries(journeyTemplates).map(([id, template]) => ({ id, name: template.name, description: template.description ?? '' })),
    }),
    'journeys.createFromTemplate': (input) => {
      const template = Object.prototype.hasOwnProperty.call(journeyTemplates, input.template) ? journeyTemplates[input.template] : undefined;
      if (!template) throw new ShopfloorError('unknown_template', `no template "${input.template}"`);
      const record = createJourney(db, clock, template);
      changed('journeys');
      return withStats(db, record);
    },
    'journeys.create': (input) => {
      const record = createJourney(db, clock, input.definition);
      changed('journeys');
      return withStats(db, record);
    },
    'journeys.update': (input) => {
      const record = updateJourney(db, clock, input.id, input.definition);
      changed('journeys');
      return withStats(db, record);
    },
    'journeys.activate': (input) => {
      const record = activateJourney(db, clock, input.id);
      changed('journeys');
      return withStats(db, record);
    },
    'journeys.pause': (input) => {
      const record = pauseJourney(db, clock, input.id);
      changed('journeys');
      return withStats(db, record);
    },
    'journeys.stop': (input) => {
      const record = stopJourney(db, clock, input.id);
      changed('journeys');
      changed('outbox');
      return withStats(db, record);
    },
    'journeys.check': (input) => {
      const definition = definitionOf(db, input, { forCheck: true });
      const lag = designLag(db, input.lag === undefined ? undefined : durationMs(input.lag, 'the upload lag'));
      return {
        lag: { ms: lag.ms, duration: formatDuration(lag.ms), source: lag.source, ...(lag.store ? { store: lag.store } : {}) },
        warnings: checkJourney(definition, lag.ms),
      };
    },
    'journeys.preview': async (input) => {
      // The map's edits (definition) with the stored journey's id: the control group is drawn from the id.
      const definition = input.definition !== undefined ? definitionOf(db, { definition: input.definition }) : definitionOf(db, input);
      const upload: UploadModel = input.upload.mode === 'lag' ? { mode: 'lag', lagMs: durationMs(input.upload.lag, 'the upload lag') }
        : input.upload.mode === 'daily' ? { mode: 'daily', time: input.upload.time } : { mode: 'recorded' };
      const options = {
        from: Date.parse(input.from), days: input.days, upload, openRate: input.openRate, seed: input.seed, ...(input.traceUsers ? { traceUsers: input.traceUsers } : {}),
        ...(input.id !== undefined ? { journeyId: input.id } : {}),
      };
      const settings = sendSettings(db);
      const data = await loadPreviewData(db, definition, upload.mode === 'recorded' ? options.from : Infinity, previewHorizon(upload, options.from, options.days),
        context.previewWorker ? { worker: context.previewWorker } : {});
      // Both simulations at once, each on its own worker: the main thread stays free meanwhile.
      const simulate = (journey: JourneyDefinition) => context.simulations.simulate(data, journey, options, settings).then((simulation) => simulation.result);
      const [withGrace, without] = await Promise.all([simulate(definition), input.compareGrace ? simulate(withoutGrace(definition)) : null]);
      return { with_grace: withGrace, without_grace: without };
    },
    'journeys.test': (input) => testJourneyOnUser(db, getJourney(db, input.id).definition, input.userId.trim(),
      { now: clock.now(), waitMs: durationMs(input.wait, 'the wait'), opened: input.opened }, sendSettings(db)),
    'outbox.list': (input) => listOutbox(db, {
      ...(input.journeyId !== undefined ? { journeyId: input.journeyId } : {}),
      ...(input.userId ? { userId: input.userId } : {}),
      ...(input.status ? { status: input.status } : {}),
      limit: input.limit, offset: input.offset,
    }),
    'settings.get': () => readAppSettings(db),
    'settings.update': (input) => {
      const settings = updateAppSettings(db, {
        ...(input.zone !== undefined ? { zone: input.zone } : {}),
        ...(input.quiet_hours !== undefined ? { quiet_hours: input.quiet_hours } : {}),
        ...(input.daily_cap !== undefined ? { daily_cap: input.daily_cap } : {}),
        ...(input.stale_after !== undefined ? { stale_after: input.stale_after } : {}),
        ...(input.language !== undefined ? { language: input.language } : {}),
        ...(input.stores !== undefined ? { stores: input.stores } : {}),
      });
      changed('settings');
      return settings;
    },
    'settings.setDailyCaps': (input) => {
      const settings = updateAppSettings(db, { daily_cap: input.daily_cap });
      changed('settings');
      return settings;
    },
    'channels.status': () => channelStatus(db),
    'automation.list': () => ({ folders: listWatchFolders(db), files: listWatchedFiles(db) }),
    'automation.save': (input) => {
      const chosen = input.folder.folder;
      // A folder comes from the folder dialog (granted there); one already watched and confirmed may keep its path.
      const granted = context.grants.hasFolder(chosen);
      if (!granted && !(typeof chosen === 'string' && isConfirmedWatchFolder(db, chosen))) {
        throw new ShopfloorError('folder_not_granted', 'choose the folder with the Choose folder button');
      }
      const folder = saveWatchFolder(db, clock, input.folder as WatchFolderInput, { confirmed: granted });
      changed('automation');
      return folder;
    },
    'automation.remove': (input) => {
      removeWatchFolder(db, input.id);
      changed('automation');
      return { removed: input.id };
    },
    'automation.scan': async () => {
      const { results } = await context.automation(true);
      return { results: results.map(({ folder, file, outcome, batch_id, detail }) => ({ folder, file, outcome, ...(batch_id !== undefined ? { batch_id } : {}), ...(detail !== undefined ? { detail } : {}) })) };
    },
    'upstream.get': () => upstreamStatus(db, null),
    'upstream.save': (input) => {
      saveUpstream(db, context.secretBox, input.config, input.token);
      changed('upstream');
      return upstreamStatus(db, null);
    },
    'upstream.syncNow': async () => {
      const upstream = readUpstream(db, context.secretBox);
      if (!upstream) throw new ShopfloorError('upstream_not_configured', 'set up the platform first (base URL, App ID, API token)');
      const report = await runUpstreamSync(db, clock, upstream, { spoolDir: context.spoolDir });
      changed('upstream');
      return upstreamStatus(db, report);
    },
    'upstream.retry': (input) => {
      if (!retryUpstreamJob(db, input.id)) throw new ShopfloorError('job_not_failed', `job ${input.id} is not a failed job`);
      changed('upstream');
      return upstreamStatus(db, null);
    },
    'channels.saveEmail': (input) => {
      saveChannel(db, clock, context.secretBox, 'email', input.config, input.password);
      changed('settings');
      return channelStatus(db);
    },
    'channels.saveSms': (input) => {
      saveChannel(db, clock, context.secretBox, 'sms', input.config, input.authValue);
      changed('settings');
      return channelStatus(db);
    },
    'channels.test': async (input) => {
      const outcome = await sendTestMessage(db, clock, context.secretBox, input.channel, input.to);
      changed('settings');
      return { ok: outcome.kind === 'accepted', outcome: outcome.kind, provider_id: outcome.kind === 'accepted' ? outcome.providerId : null, error: outcome.kind === 'accepted' ? null : outcome.error };
    },
    'outbox.attempts': (input) => ({ attempts: messageAttempts(db, input.id) }),
    'outbox.retry': (input) => {
      retryMessage(db, clock, input.id);
      changed('outbox');
      return { id: input.id };
    },
    'outbox.cancel': (input) => {
      cancelMessage(db, input.id);
      changed('outbox');
      return { id: input.id };
    },
    'outbox.markSent': (input) => {
      markMessageSent(db, clock, input.id);
      changed('outbox');
      return { id: input.id };
    },
    ...resultHandlers(db, clock),
    'engine.tick': async () => {
      const result = await context.runner.tick();
      changed('outbox');
      changed('journeys');
      return { now: result.now, sent: result.sent, stale: result.stale };
    },
    ...createSafetyHandlers(context.safety),
  };
}
