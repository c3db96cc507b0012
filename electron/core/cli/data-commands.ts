import { Option, type Command } from 'commander';
import type { IssueCode } from '../../../shared/model/issue-codes.ts';
import { isImportKind } from '../../../shared/model/import-kind.ts';
import { ShopfloorError } from '../errors.ts';
import type { TextEncoding } from '../import/detect-encoding.ts';
import { listBatches, toSummary } from '../store/batch-repo.ts';
import { collectPair, parseId, spoolDirFor, type CliContext, type Common } from './cli-context.ts';
import { importSummaryText } from './import-output.ts';
import { oneLine } from './terminal-text.ts';
import { formatCount, textTable } from './text-table.ts';

/** import, batches, commit, rollback, rejected, timeline, users. What only one command needs is loaded when it runs (start-up). */
export function registerDataCommands(program: Command, context: CliContext): void {
  const { io, clock, print, withStore, common } = context;
  common(program.command('import <file>').description('read a POS export, membership sheet or online export and stage it as a batch'))
    .addOption(new Option('--kind <kind>', 'what the file holds (inferred when omitted)').choices(['pos', 'members', 'online']))
    .option('--tz <zone>', "the store's IANA time zone, for times written without an offset (e.g. Asia/Tokyo)")
    .option('--country <code>', 'country for phone numbers without a country code (default: from --tz)')
    .addOption(new Option('--encoding <encoding>', 'text encoding').choices(['auto', 'utf-8', 'shift_jis', 'big5', 'utf-16le']).default('auto'))
    .addOption(new Option('--delimiter <char>', 'the column delimiter of a text file (detected when omitted)').choices([',', '\t', ';', '|', 'tab']))
    .option('--sheet <name>', 'the XLSX sheet to read (default: the first)')
    .option('--map <target=Header>', 'map a column to a field (repeatable); --map target= unmaps it', collectPair, [])
    .option('--commit', 'commit the batch right away')
    .action(async (file: string, options: Common & { kind?: string; tz?: string; country?: string; encoding: string; delimiter?: string; sheet?: string; map: Array<[string, string]>; commit?: boolean }) => {
      const { importFile } = await import('../import/import-file.ts');
      await withStore(options, async (db) => {
        let lastDraw = 0;
        const result = await importFile(db, clock, {
          file,
          ...(options.kind && isImportKind(options.kind) ? { kind: options.kind } : {}),
          ...(options.tz !== undefined ? { tz: options.tz } : {}),
          ...(options.country !== undefined ? { country: options.country.toUpperCase() } : {}),
          ...(options.encoding !== 'auto' ? { encoding: options.encoding as TextEncoding } : {}),
          ...(options.delimiter !== undefined ? { delimiter: options.delimiter === 'tab' ? '\t' : options.delimiter } : {}),
          ...(options.sheet !== undefined ? { sheet: options.sheet } : {}),
          map: options.map,
          commit: options.commit === true,
          onProgress: ({ rows, bytesRead, totalBytes }) => {
            if (!io.interactive || options.json || Date.now() - lastDraw < 200) return;
            lastDraw = Date.now();
            const percent = totalBytes > 0 ? Math.min(100, Math.floor((bytesRead / totalBytes) * 100)) : 0;
            io.stderr(`\rReading ${oneLine(file)}: ${percent}% (${formatCount(rows)} rows)`);
          },
        });
        if (io.interactive && !options.json && lastDraw > 0) io.stderr('\r\x1b[K');
        print(options, result, () => importSummaryText(result));
      });
    });

  common(program.command('batches').description('list imported batches'))
    .action(async (options: Common) => {
      await withStore(options, (db) => {
        const batches = listBatches(db).map(toSummary).map(({ id, status, kind, file, rows, accepted, rejected, duplicates, created_at, committed_at, encoding, issues, raw_purged_at }) =>
          ({ id, status, kind, file, rows, accepted, rejected, duplicates, created_at, committed_at, encoding, issues, raw_purged_at }));
        print(options, { batches }, () => batches.length === 0 ? 'No batches yet. Import a file with `shopfloor import FILE`.\n'
          : `${textTable(['id', 'status', 'kind', 'file', 'rows', 'accepted', 'rejected', 'dup', 'created'],
            batches.map((b) => [String(b.id), b.status, b.kind, b.file, formatCount(b.rows), formatCount(b.accepted), formatCount(b.rejected),
              formatCount(b.duplicates), b.created_at.replace('T', ' ').slice(0, 16)]), [0, 4, 5, 6, 7])}\n`);
      });
    });

  common(program.command('commit [id]').description('commit a staged batch (or --all) into the event store'))
    .option('--all', 'commit every staged batch, oldest first')
    .action(async (id: string | undefined, options: Common & { all?: boolean }) => {
      if ((id === undefined) === (options.all !== true)) throw new ShopfloorError('bad_option', 'give a batch id or --all');
      const { commitBatch, stagedBatchIds } = await import('../batches/commit-batch.ts');
      await withStore(options, (db) => {
        const ids = options.all ? stagedBatchIds(db) : [parseId(id!)];
        const results = ids.map((batchId) => commitBatch(db, clock, batchId));
        const events = results.reduce((sum, result) => sum + result.events, 0);
        print(options, { committed: ids, events, profiles: results.reduce((sum, result) => sum + result.profiles, 0) }, () =>
          ids.length === 0 ? 'Nothing to commit: no staged batches.\n'
            : `Committed ${ids.length === 1 ? `batch ${ids[0]}` : `batches ${ids.join(', ')}`}: ${formatCount(events)} events added.\n`);
      });
    });

  common(program.command('rollback <id>').description('undo a staged or committed batch'))
    .option('--local-only', 'the batch was already sent upstream and the platform cannot delete it: undo it here anyway')
    .action(async (id: string, options: Common & { localOnly?: boolean }) => {
      const { rollbackWithUpstream } = await import('../sync/upstream-rollback.ts');
      await withStore(options, (db) => {
        const result = rollbackWithUpstream(db, clock, parseId(id), { localOnly: options.localOnly === true, spoolDir: spoolDirFor(context, options) });
        print(options, result, () => `Rolled back batch ${result.rolled_back}: ${formatCount(result.events_removed)} events removed, ${formatCount(result.profiles_restored)} profiles restored.${
          result.upstream_jobs_queued > 0 ? ` ${result.upstream_jobs_queued} upstream jobs queued to undo it on the platform.` : ''}\n${
          result.profiles_purged_at ? `Profiles can no longer be restored: the earlier values were removed on ${result.profiles_purged_at.slice(0, 10)} (retention), so the customers keep this batch's values.\n` : ''}`);
      });
    });

  common(program.command('rejected <id>').description('list the rejected rows of a batch with their reasons'))
    .option('--csv <file>', 'write them as CSV (row, issues, reasons, then the original columns)')
    .option('--code <code>', 'only rows with this issue code')
    .option('--include-duplicates', 'list duplicate rows too')
    .action(async (id: string, options: Common & { csv?: string; code?: string; includeDuplicates?: boolean }) => {
      const { exportRejectedCsv, listRejectedRows } = await import('../batches/rejected-rows.ts');
      await withStore(options, (db) => {
        const batchId = parseId(id);
        if (options.csv !== undefined) {
          const count = exportRejectedCsv(db, batchId, options.csv);
          print(options, { batch_id: batchId, file: options.csv, rows: count }, () => `Wrote ${formatCount(count)} rejected rows to ${options.csv}\n`);
          return;
        }
        const listing = listRejectedRows(db, batchId, {
          outcomes: options.includeDuplicates ? ['rejected', 'duplicate'] : ['rejected'],
          ...(options.code !== undefined ? { code: options.code as IssueCode } : {}),
        });
        print(options, listing, () => listing.rows.length === 0 ? `Batch ${batchId} has no rejected rows.\n`
          : `${listing.rows.map((row) => `row ${row.row}: ${row.reasons.join('; ')}\n  ${listing.headers.map((header, index) => `${header}=${row.cells[index] ?? ''}`).join(' | ')}`).join('\n')}\n`);
      });
    });

  common(program.command('timeline <user_id>').description("a customer's profile and merged online + offline timeline"))
    .action(async (userId: string, options: Common) => {
      const { getTimeline } = await import('../timeline/get-timeline.ts');
      await withStore(options, (db) => {
        const timeline = getTimeline(db, userId.trim());
        print(options, timeline, () => {
          const lines: string[] = [];
          if (timeline.user) {
            const { user_id, ...attrs } = timeline.user;
            lines.push(`User ${user_id}: ${Object.entries(attrs).filter(([key]) => !key.endsWith('_at') || key === 'joined_at').map(([key, value]) => `${key}=${String(value)}`).join(', ')}`);
          } else {
            lines.push(`User ${userId}: no profile${timeline.events.length === 0 ? ' and no events' : ''}`);
          }
          if (timeline.staged_profile) lines.push(`  staged profile update: ${JSON.stringify(timeline.staged_profile)}`);
          if (timeline.events.length > 0) {
            lines.push(textTable(['occurred (local)', 'event', 'where', 'status', 'lag', 'details'], timeline.events.map((event) => [
              event.occurred_local.replace('T', ' '), event.name, event.is_offline ? 'offline' : 'online',
              event.status, event.upload_lag_ms === null ? '-' : `${(event.upload_lag_ms / 3_600_000).toFixed(1)} h`,
              Object.entries(event.params).map(([key, value]) => `${key}=${String(value)}`).join(' '),
            ])));
          }
          return `${lines.join('\n')}\n`;
        });
      });
    });

  common(program.command('users').description('find customers by attributes or search text'))
    .option('--attr <key=value>', 'attribute filter (repeatable)', collectPair, [])
    .option('--search <text>', 'part of a user id, email or phone number')
    .option('--limit <n>', 'how many to list', '100')
    .action(async (options: Common & { attr: Array<[string, string]>; search?: string; limit: string }) => {
      const { findUsers } = await import('../users/find-users.ts');
      await withStore(options, (db) => {
        const result = findUsers(db, { attrs: options.attr, ...(options.search !== undefined ? { search: options.search } : {}), limit: Number(options.limit) || 100 });
        print(options, result, () => `${formatCount(result.total)} users${result.total > result.users.length ? ` (showing ${result.users.length})` : ''}\n${
          result.users.length === 0 ? '' : `${textTable(['user_id', 'tier', 'email', 'phone', 'home_store'], result.users.map((user) =>
            [user.user_id, String(user.tier ?? ''), String(user.email ?? ''), String(user.phone ?? ''), String(user.home_store ?? '')]))}\n`}`);
      });
    });

}
