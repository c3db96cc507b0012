import fs from 'node:fs';
import type { Command } from 'commander';
import { ShopfloorError } from '../errors.ts';
import { lastUpstreamSuccess, listUpstreamJobs, retryUpstreamJob, runUpstreamSync } from '../sync/upstream-sync.ts';
import { readUpstream, saveUpstream } from '../sync/upstream-settings.ts';
import { parseId, secretBoxFor, spoolDirFor, type CliContext, type Common } from './cli-context.ts';
import { refusedSecretOption } from './secret-options.ts';
import { textTable } from './text-table.ts';

/** sync configure / upstream / retry: pushing offline users and events to the engagement platform. */
export function registerSyncCommands(program: Command, context: CliContext): void {
  const { clock, print, withStore, common } = context;
  const sync = program.command('sync').description('push offline users and events upstream (AIQUA-compatible)');

  common(sync.command('configure').description('where to push, with which credentials, and what'))
    .requiredOption('--base-url <url>', 'the platform API base URL').requiredOption('--app-id <id>', 'App ID')
    .addOption(refusedSecretOption('token')).option('--token-file <file>', 'read the API token from a file, or - for standard input')
    .option('--users-path <path>', 'path for user uploads').option('--events-path <path>', 'path for event uploads')
    .option('--status-path <path>', 'path to poll an accepted job, with {job_id}').option('--delete-events-path <path>', 'path to delete events, if the platform has one')
    .option('--delete-users-path <path>', 'path to delete an erased customer (shopfloor erase), if the platform has one')
    .option('--no-users', 'do not push offline users').option('--no-events', 'do not push offline events')
    .option('--from <date>', 'only events from this day (YYYY-MM-DD)')
    .option('--max-bytes <n>', 'split files and requests beyond this size')
    .option('--timeout-ms <ms>', 'give up waiting for an answer after this long')
    .action(async (options: Common & { baseUrl: string; appId: string; tokenFile?: string; usersPath?: string; eventsPath?: string; statusPath?: string; deleteEventsPath?: string; deleteUsersPath?: string; users: boolean; events: boolean; from?: string; maxBytes?: string; timeoutMs?: string }) => {
      const token = options.tokenFile !== undefined ? fs.readFileSync(options.tokenFile === '-' ? 0 : options.tokenFile, 'utf8').trim() : undefined;
      await withStore(options, (db) => {
        const config = saveUpstream(db, secretBoxFor(context, options), {
          base_url: options.baseUrl, app_id: options.appId, push_users: options.users, push_events: options.events,
          ...(options.usersPath ? { users_path: options.usersPath } : {}), ...(options.eventsPath ? { events_path: options.eventsPath } : {}),
          ...(options.statusPath ? { status_path: options.statusPath } : {}), ...(options.deleteEventsPath ? { delete_events_path: options.deleteEventsPath } : {}),
          ...(options.deleteUsersPath ? { delete_users_path: options.deleteUsersPath } : {}),
          ...(options.from ? { from: options.from } : {}), ...(options.maxBytes ? { max_bytes: Number(options.maxBytes) } : {}),
          ...(options.timeoutMs ? { timeout_ms: Number(options.timeoutMs) } : {}),
        }, token);
        print(options, config, () => `Upstream sync to ${config.base_url} (App ID ${config.app_id}) is set up. Push now: shopfloor sync upstream\n`);
      });
    });

  common(sync.command('upstream').description('send what is due now (jobs for newly committed batches, retries) and list the jobs'))
    .action(async (options: Common) => {
      await withStore(options, async (db) => {
        const upstream = readUpstream(db, secretBoxFor(context, options));
        if (!upstream) throw new ShopfloorError('upstream_not_configured', 'upstream sync is not set up: shopfloor sync configure --base-url … --app-id … --token-file …');
        const report = await runUpstreamSync(db, clock, upstream, { spoolDir: spoolDirFor(context, options) });
        const jobs = listUpstreamJobs(db);
        print(options, { report, last_success: lastUpstreamSuccess(db), jobs }, () => `${report.offline ? 'The platform cannot be reached; the queue waits. ' : ''}${report.done} jobs done, ${report.retrying} to retry, ${report.failed} failed.\n${
          jobs.length === 0 ? '' : `${textTable(['job', 'batch', 'kind', 'part', 'rows', 'status', 'attempts', 'last error'], jobs.map((job) => [String(job.id), String(job.batch_id), job.kind, String(job.part), String(job.rows), job.status, String(job.attempts), job.last_error ?? '']), [0, 1, 3, 4, 6])}\n`}`);
      });
    });

  common(sync.command('retry <job>').description('send a failed job again after fixing its cause'))
    .action(async (id: string, options: Common) => {
      await withStore(options, (db) => {
        if (!retryUpstreamJob(db, parseId(id, 'job'))) throw new ShopfloorError('job_not_failed', `job ${id} is not a failed job`);
        print(options, { retried: Number(id) }, () => `Job ${id} will be sent on the next sync.\n`);
      });
    });
}
