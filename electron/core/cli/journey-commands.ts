import fs from 'node:fs';
import path from 'node:path';
import { Option, type Command } from 'commander';
import type { JourneyDefinition } from '../../../shared/journey/definition.ts';
import { formatDuration, parseDuration } from '../../../shared/journey/duration.ts';
import { checkJourney } from '../../../shared/journey/journey-check.ts';
import type { ParseOptions } from '../../../shared/journey/parse-journey.ts';
import { journeyTemplates } from '../../../shared/journey/template.ts';
import { ShopfloorError } from '../errors.ts';
import {
  activateJourney, createJourney, getJourney, journeyStats, listJourneys, pauseJourney, stopJourney, updateJourney, validJourney,
} from '../journey/journeys-repo.ts';
import { loadPreviewData, previewHorizon } from '../journey/preview-data.ts';
import { SimulationWorkers } from '../journey/simulation-workers.ts';
import { simulateJourney, withoutGrace, type PreviewResult, type UploadModel } from '../journey/simulate-journey.ts';
import { testJourneyOnUser } from '../journey/test-journey.ts';
import { designLag, measureUploadLag } from '../journey/upload-lag.ts';
import { listOutbox } from '../channels/outbox.ts';
import { EngineRunner } from '../scheduler/engine-runner.ts';
import { applyDataSettings, dataSettingsOptions } from './backup-commands.ts';
import { readEngineSettings, sendSettings, writeEngineSettings, type EngineSettings } from '../settings/engine-settings.ts';
import type { Db } from '../store/open-store.ts';
import { registerResultCommands } from './results-commands.ts';
import { collectPair, parseId, parseInstant, secretBoxFor, type CliContext, type Common } from './cli-context.ts';
import { formatCount, textTable } from './text-table.ts';

function readJsonFile(file: string): unknown {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    throw new ShopfloorError('file_not_found', 'no such file', { file: path.basename(file) });
  }
  try {
    return JSON.parse(text.replace(/^\uFEFF/, '')) as unknown;
  } catch (error) {
    throw new ShopfloorError('invalid_json', `not valid JSON: ${(error as Error).message}`, { file: path.basename(file) });
  }
}

/** A journey named by id (stored) or by a file (not stored). */
function resolveDefinition(db: Db, ref: string, options: ParseOptions = {}): JourneyDefinition {
  if (/^\d+$/.test(ref)) return getJourney(db, Number(ref)).definition;
  return validJourney(readJsonFile(ref), path.basename(ref), options);
}

function duration(text: string, option: string): number {
  const ms = parseDuration(text);
  if (ms === null) throw new ShopfloorError('bad_option', `${option} needs an ISO 8601 duration such as PT36H or P1D (got "${text}")`);
  return ms;
}

function previewText(result: PreviewResult, definition: JourneyDefinition): string {
  const lines = [
    `Preview of "${definition.name}" from ${result.from} to ${result.to} (${result.upload})`,
    `  ${formatCount(result.entered)} entered, ${formatCount(result.goals)} converted (goal), ${formatCount(result.exited)} exited, ${formatCount(result.completed)} completed`,
  ];
  if (result.control.entered > 0) lines.push(`  control group: ${formatCount(result.control.entered)} held back, ${formatCount(result.control.would_have_sent)} messages not sent`);
  const byNode = new Map<string, Map<string, number>>();
  for (const message of result.messages) {
    const counts = byNode.get(message.node) ?? new Map<string, number>();
    counts.set(message.status, (counts.get(message.status) ?? 0) + 1);
    byNode.set(message.node, counts);
  }
  lines.push(textTable(['node', 'type', 'reached', 'messages'], definition.nodes.map((node) => [
    node.id, node.type, formatCount(result.nodes[node.id]?.reached ?? 0),
    [...(byNode.get(node.id) ?? new Map())].map(([status, count]) => `${formatCount(count)} ${status}`).join(', '),
  ]), [2]).split('\n').map((line) => `  ${line}`).join('\n'));
  const traced = Object.keys(result.traces);
  if (traced.length > 0) lines.push(`  Traces for ${traced.slice(0, 5).join(', ')}${traced.length > 5 ? ', …' : ''} (--json for all, --trace USER for one)`);
  return `${lines.join('\n')}\n`;
}

/** journey …, engine tick, outbox, settings. */
export function registerJourneyCommands(program: Command, context: CliContext): Command {
  const { clock, print, withStore, common } = context;
  const journey = program.command('journey').description('create, check, preview and run journeys, and report their results');
  registerResultCommands(journey, context);

  journey.command('template <name>').description(`print a built-in journey (${Object.keys(journeyTemplates).join(', ')})`)
    .action((name: string) => {
      const template = journeyTemplates[name];
      if (!template) throw new ShopfloorError('unknown_template', `no template "${name}" (templates: ${Object.keys(journeyTemplates).join(', ')})`);
      context.io.stdout(`${JSON.stringify(validJourney(template), null, 2)}\n`);
    });

  common(journey.command('create <file>').description('store a journey definition (JSON) as a draft'))
    .action(async (file: string, options: Common) => {
      await withStore(options, (db) => {
        const created = createJourney(db, clock, readJsonFile(file), path.basename(file));
        print(options, created, () => `Created journey ${created.id} "${created.name}" (draft). Check it: shopfloor journey check ${created.id}\n`);
      });
    });

  common(journey.command('update <id> <file>').description("replace a draft or paused journey's definition"))
    .action(async (id: string, file: string, options: Common) => {
      await withStore(options, (db) => {
        const updated = updateJourney(db, clock, parseId(id, 'journey'), readJsonFile(file), path.basename(file));
        print(options, updated, () => `Updated journey ${updated.id} "${updated.name}".\n`);
      });
    });

  common(journey.command('list').description('journeys and their state'))
    .action(async (options: Common) => {
      await withStore(options, (db) => {
        const journeys = listJourneys(db).map((record) => ({ id: record.id, name: record.name, state: record.state, activated_at: record.activated_at, ...journeyStats(db, record.id) }));
        print(options, { journeys }, () => journeys.length === 0 ? 'No journeys. Start from the template: shopfloor journey template encourage-offline-purchases > j.json\n'
          : `${textTable(['id', 'name', 'state', 'in journey', 'goals', 'activated'], journeys.map((j) => [
            String(j.id), j.name, j.state, formatCount(j.runs.active ?? 0), formatCount(j.goals), j.activated_at ?? '-']), [0, 3, 4])}\n`);
      });
    });

  common(journey.command('show <id>').description('a journey with its definition and counts'))
    .action(async (id: string, options: Common) => {
      await withStore(options, (db) => {
        const record = getJourney(db, parseId(id, 'journey'));
        const stats = journeyStats(db, record.id);
        print(options, { ...record, stats }, () => `Journey ${record.id} "${record.name}": ${record.state}\n${
          textTable(['node', 'type', 'waiting'], record.definition.nodes.map((node) => [node.id, node.type, formatCount(stats.waiting_at[node.id] ?? 0)]), [2])}\n`
          + `Runs: ${JSON.stringify(stats.runs)}; goals ${stats.goals}; messages ${JSON.stringify(stats.messages)}\n`);
      });
    });

  common(journey.command('activate <id>').description('start a draft journey, or resume a paused one'))
    .option('--at <iso>', 'activation time (default: now)')
    .action(async (id: string, options: Common & { at?: string }) => {
      await withStore(options, (db) => {
        const record = activateJourney(db, clock, parseId(id, 'journey'), options.at === undefined ? undefined : parseInstant(options.at, '--at'));
        print(options, record, () => `Journey ${record.id} is active since ${record.activated_at}.\n`);
      });
    });

  common(journey.command('pause <id>').description('pause an active journey (its timers wait)'))
    .action(async (id: string, options: Common) => {
      await withStore(options, (db) => {
        const record = pauseJourney(db, clock, parseId(id, 'journey'));
        print(options, record, () => `Journey ${record.id} is paused.\n`);
      });
    });

  common(journey.command('stop <id>').description('stop a journey for good: runs end, scheduled messages are cancelled'))
    .action(async (id: string, options: Common) => {
      await withStore(options, (db) => {
        const record = stopJourney(db, clock, parseId(id, 'journey'));
        print(options, record, () => `Journey ${record.id} is stopped: ${record.runs_stopped} runs ended, ${record.messages_cancelled} messages cancelled.\n`);
      });
    });

  common(journey.command('check <journey>').description('journey check: where a journey ignores how late store data arrives (id or file)'))
    .option('--lag <duration>', 'the upload lag to design for (default: p95 measured from the store)')
    .action(async (ref: string, options: Common & { lag?: string }) => {
      await withStore(options, (db) => {
        const definition = resolveDefinition(db, ref, { forCheck: true });
        const lag = designLag(db, options.lag === undefined ? undefined : duration(options.lag, '--lag'));
        const lagMs = lag.ms;
        const source = lag.source;
        const warnings = checkJourney(definition, lagMs);
        print(options, { lag: { ms: lagMs, duration: formatDuration(lagMs), source, ...(lag.store ? { store: lag.store } : {}) }, warnings }, () => {
          const head = `Upload lag ${formatDuration(lagMs)} (${source === 'measured' ? `p95 of offline data${lag.store ? ` from store ${lag.store}, the slowest` : ''}` : source === 'given' ? 'given' : 'no offline data yet: assumed one day'})`;
          if (warnings.length === 0) return `${head}\nNo warnings.\n`;
          return `${head}\n${warnings.map((warning) => `${warning.severity === 'error' ? 'ERROR' : 'warning'} ${warning.code} at "${warning.node}": ${warning.message}\n  fix: ${warning.fix?.summary ?? '-'}`).join('\n')}\n`;
        });
      });
    });

  common(journey.command('preview <journey>').description('simulate a journey over the local data; changes nothing (id or file)'))
    .requiredOption('--from <iso>', 'start of the simulation (the activation time)')
    .requiredOption('--days <n>', 'how many days to simulate')
    .option('--upload-lag <duration>', 'offline events reach the engine this long after they happen')
    .option('--upload-schedule <daily@HH:MM>', 'offline events reach the engine at the next daily upload')
    .option('--open-rate <rate>', 'share of emails assumed opened (0..1)', '0')
    .option('--seed <n>', 'seed for assumed outcomes', '1')
    .option('--trace <user>', 'return this user\'s trace (repeatable)', (value: string, previous: string[]) => [...previous, value], [] as string[])
    .option('--compare-grace', 'also run without upload grace, side by side')
    .action(async (ref: string, options: Common & { from: string; days: string; uploadLag?: string; uploadSchedule?: string; openRate: string; seed: string; trace: string[]; compareGrace?: boolean }) => {
      await withStore(options, async (db) => {
        const definition = resolveDefinition(db, ref);
        const days = Number(options.days);
        if (!Number.isFinite(days) || days <= 0 || days > 366) throw new ShopfloorError('bad_option', '--days needs a number of days between 1 and 366');
        const openRate = Number(options.openRate);
        if (!(openRate >= 0 && openRate <= 1)) throw new ShopfloorError('bad_option', '--open-rate needs a number between 0 and 1');
        if (options.uploadLag !== undefined && options.uploadSchedule !== undefined) throw new ShopfloorError('bad_option', 'give --upload-lag or --upload-schedule, not both');
        let upload: UploadModel = { mode: 'recorded' };
        if (options.uploadLag !== undefined) upload = { mode: 'lag', lagMs: duration(options.uploadLag, '--upload-lag') };
        if (options.uploadSchedule !== undefined) {
          const match = /^daily@([01]\d|2[0-3]):([0-5]\d)$/.exec(options.uploadSchedule);
          if (!match) throw new ShopfloorError('bad_option', '--upload-schedule needs daily@HH:MM, e.g. daily@23:00');
          upload = { mode: 'daily', time: `${match[1]}:${match[2]}` };
        }
        const previewOptions = {
          from: parseInstant(options.from, '--from'), days, upload, openRate, seed: Number(options.seed) || 1,
          // A stored journey holds back whom the engine will: its control group is drawn from its id.
          ...(/^\d+$/.test(ref) ? { journeyId: Number(ref) } : {}),
          ...(options.trace.length > 0 ? { traceUsers: options.trace } : {}),
        };
        const settings = sendSettings(db);
        const data = await loadPreviewData(db, definition, upload.mode === 'recorded' ? previewOptions.from : Infinity, previewHorizon(upload, previewOptions.from, days));
        if (!options.compareGrace) {
          // One simulation here: a worker would only add its start and the copies of the data and result.
          const withGrace = simulateJourney(data, definition, previewOptions, settings);
          print(options, withGrace, () => previewText(withGrace, definition));
          return;
        }
        // Two side by side, each on a worker thread: with more than two cores in about the time of one; with
        // two, about as long as one after the other (the workers start cold).
        const workers = new SimulationWorkers();
        let withGrace: PreviewResult;
        let without: PreviewResult;
        try {
          const simulate = (journey: JourneyDefinition) => workers.simulate(data, journey, previewOptions, settings).then((simulation) => simulation.result);
          [withGrace, without] = await Promise.all([simulate(definition), simulate(withoutGrace(definition))]);
        } finally {
          await workers.close();
        }
        print(options, { with_grace: withGrace, without_grace: without }, () => `With upload grace:\n${previewText(withGrace, definition)}\nWithout upload grace:\n${previewText(without, withoutGrace(definition))}`);
      });
    });

  common(journey.command('test <id>').description('send one user through the journey now, every wait shortened (nothing is stored or sent)'))
    .requiredOption('--user <user_id>', 'the user to test with')
    .option('--wait <duration>', 'every wait, delay and timeout becomes this', 'PT1M')
    .option('--opened', 'assume the emails are opened')
    .action(async (ref: string, options: Common & { user: string; wait: string; opened?: boolean }) => {
      await withStore(options, (db) => {
        const definition = resolveDefinition(db, ref);
        const result = testJourneyOnUser(db, definition, options.user.trim(), { now: clock.now(), waitMs: duration(options.wait, '--wait'), opened: options.opened === true }, sendSettings(db));
        print(options, result, () => `Test of "${definition.name}" on ${result.user_id} (waits ${result.wait}): ${result.status}\n  path: ${result.path.join(' → ')}\n${
          result.trace.map((entry) => `  ${entry.at}  ${entry.node}: ${entry.what}`).join('\n')}\n`);
      });
    });

  const engine = program.command('engine').description('the journey engine');
  common(engine.command('tick').description('run all journey work due now, or at --now (the app does this continuously)'))
    .option('--wait <seconds>', 'how long to wait while another Shopfloor is running the engine on this store (then exit 3)', '10')
    .action(async (options: Common & { wait: string }) => {
      const wait = Number(options.wait);
      if (!(wait >= 0 && wait <= 3600)) throw new ShopfloorError('bad_option', '--wait needs a number of seconds between 0 and 3600');
      await withStore(options, async (db) => {
        const now = clock.now();
        const runner = new EngineRunner(db, { now: () => now }, secretBoxFor(context, options));
        const result = await runner.tick({ waitMs: wait * 1000 });
        const skipped = Object.entries(result.dispatch.skipped).map(([reason, count]) => `${count} ${reason}`).join(', ');
        print(options, result, () => `Tick at ${result.now}: ${result.journeys.map((j) => `journey ${j.id}: ${j.evaluations} entry checks, ${j.ingestions} uploads, ${j.timers} timers`).join('; ') || 'no active journeys'}; `
          + `${result.sent - result.dry_run} sent, ${result.dry_run} dry run, ${result.dispatch.retrying} to retry, ${result.dispatch.failed} failed${skipped ? `, skipped: ${skipped}` : ''}.\n`);
      });
    });

  const outbox = program.command('outbox').description('messages the journeys scheduled, sent, skipped, cancelled or failed');
  common(outbox.command('list', { isDefault: true }).description('list messages (the default)'))
    .option('--journey <id>', 'only this journey')
    .option('--user <user_id>', 'only this user')
    .addOption(new Option('--status <status>', 'only this status').choices(['scheduled', 'sending', 'sent', 'skipped', 'cancelled', 'failed', 'unknown']))
    .option('--limit <n>', 'at most this many', '1000')
    .action(async (options: Common & { journey?: string; user?: string; status?: string; limit: string }) => {
      await withStore(options, (db) => {
        const result = listOutbox(db, {
          ...(options.journey !== undefined ? { journeyId: parseId(options.journey, 'journey') } : {}),
          ...(options.user !== undefined ? { userId: options.user } : {}),
          ...(options.status !== undefined ? { status: options.status } : {}),
          limit: Number(options.limit) || 1000,
        });
        print(options, result, () => result.messages.length === 0 ? 'The outbox is empty.\n' : `${textTable(['id', 'journey', 'user', 'node', 'channel', 'due', 'status', 'reason'],
          result.messages.map((m) => [String(m.id), String(m.journey_id), m.user_id, m.node, m.channel, m.due_at, m.status, m.reason ?? '']), [0, 1])}\n`);
      });
    });

  dataSettingsOptions(common(program.command('settings').description('engine settings: zone, quiet hours, daily caps, stale limit; backups and retention')))
    .option('--zone <zone>', "the stores' IANA time zone")
    .option('--quiet-hours <HH:MM-HH:MM|off>', 'no messages in these hours (store zone)')
    .option('--cap <channel=n>', 'messages per user per channel per day (repeatable)', collectPair, [])
    .option('--stale <duration>', 'skip messages overdue by more than this')
    .action(async (options: Common & { zone?: string; quietHours?: string; cap: Array<[string, string]>; stale?: string; backupFolder?: string; backupKeep?: string; rawRetention?: string }) => {
      await withStore(options, (db) => {
        const data = applyDataSettings(db, options);
        const patch: Partial<EngineSettings> = {};
        if (options.zone !== undefined) patch.zone = options.zone;
        if (options.quietHours !== undefined) {
          const match = /^(\d{2}:\d{2})-(\d{2}:\d{2})$/.exec(options.quietHours);
          if (options.quietHours !== 'off' && !match) throw new ShopfloorError('bad_option', '--quiet-hours needs HH:MM-HH:MM or off');
          patch.quiet_hours = match ? { start: match[1]!, end: match[2]! } : null;
        }
        if (options.cap.length > 0) {
          const caps: Record<string, number> = { ...readEngineSettings(db).daily_cap };
          for (const [channel, value] of options.cap) caps[channel] = Number(value);
          patch.daily_cap = caps as EngineSettings['daily_cap'];
        }
        if (options.stale !== undefined) patch.stale_after = options.stale;
        let settings: EngineSettings;
        try {
          settings = Object.keys(patch).length > 0 ? writeEngineSettings(db, patch) : readEngineSettings(db);
        } catch (error) {
          throw new ShopfloorError('bad_setting', (error as Error).message.split('\n')[0] ?? 'invalid setting');
        }
        const effective = sendSettings(db);
        const value = { ...settings, zone: effective.zone, upload_lag: measureUploadLag(db), backup_folder: data.backup_folder, backup_keep: data.keep, raw_retention: data.raw_retention };
        print(options, value, () => `zone ${effective.zone}; quiet hours ${settings.quiet_hours ? `${settings.quiet_hours.start}-${settings.quiet_hours.end}` : 'off'}; daily caps ${JSON.stringify(settings.daily_cap)}; stale after ${settings.stale_after}\n`
          + `backups in ${data.backup_folder}, keeping ${Object.entries(data.keep).map(([kind, count]) => `${kind} ${count}`).join(', ')}; raw rows kept ${data.raw_retention}\n`);
      });
    });
  return outbox;
}
