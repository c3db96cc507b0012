import type { Command } from 'commander';
import { eraseUser, liftErasure, listErasures, previewErasure, type ErasureCounts } from '../privacy/erase-user.ts';
import { purgeRetention } from '../privacy/purge-retention.ts';
import { spoolDirFor, type CliContext, type Common } from './cli-context.ts';
import { formatCount, textTable } from './text-table.ts';

function describeCounts(counts: ErasureCounts): string {
  return [
    `${formatCount(counts.events_removed)} events`, `${formatCount(counts.raw_rows_removed)} raw rows`, `${formatCount(counts.profile_images_removed)} profile images`,
    counts.profile_removed ? 'the profile' : 'no profile', `${formatCount(counts.runs_removed)} journey runs`, `${formatCount(counts.messages_removed)} messages`,
    `${formatCount(counts.messages_sent_kept_anonymised)} sent messages kept as counts only`,
  ].join(', ');
}

/** `erase`, `erasures`, `purge`. */
export function registerPrivacyCommands(program: Command, context: CliContext): void {
  const { clock, print, withStore, common, io } = context;

  common(program.command('erase <user_id>').description('forget a customer (APPI/GDPR): every trace of the user_id, and refuse it in later imports'))
    .option('--reason <text>', 'why (kept in the audit log; no personal data please)')
    .option('--yes', 'really erase (without it, only says what would be removed)')
    .option('--lift', 'let this user_id be imported again (the erasure stays in the log)')
    .action(async (userId: string, options: Common & { reason?: string; yes?: boolean; lift?: boolean }) => {
      await withStore(options, (db) => {
        if (options.lift) {
          const lifted = liftErasure(db, clock, userId);
          print(options, { user_id: userId.trim(), lifted }, () => `${userId.trim()} can be imported again.\n`);
          return;
        }
        if (!options.yes) {
          const preview = previewErasure(db, userId.trim());
          print(options, { ...preview, dry_run: true }, () => `Erasing ${preview.user_id} would remove ${describeCounts(preview)}${preview.upstream_deletion_queued ? ', and ask the platform to delete them' : ''}.\n`);
          io.stderr(`shopfloor: nothing was erased: add --yes to erase ${preview.user_id}\n`);
          context.setExitCode(1);
          return;
        }
        const result = eraseUser(db, clock, userId, { ...(options.reason !== undefined ? { reason: options.reason } : {}), spoolDir: spoolDirFor(context, options) });
        print(options, result, () => `Erased ${result.user_id}: ${describeCounts(result)}.${result.upstream_deletion_queued ? ' The platform will be asked to delete them on the next sync.' : ''}\n`
          + `A later import of ${result.user_id} is rejected (erased_user) until \`shopfloor erase --lift ${result.user_id}\`.\n`);
      });
    });

  common(program.command('purge').description('remove raw rows and profile pre-images older than the retention setting (the app does this daily)'))
    // `--now ISO` is the global option: the clock is already that moment.
    .action(async (options: Common) => {
      await withStore(options, (db) => {
        const result = purgeRetention(db, clock, clock.now());
        print(options, result, () => result.batches.length === 0 ? `Nothing to purge: no batch was committed before ${result.before.slice(0, 10)}.\n`
          : `Purged ${result.batches.length === 1 ? `batch ${result.batches[0]}` : `batches ${result.batches.join(', ')}`}: ${formatCount(result.raw_rows_removed)} raw rows and ${formatCount(result.profile_images_removed)} profile pre-images removed.\n`);
      });
    });

  common(program.command('erasures').description('the erasure audit log (salted hashes, no personal data)'))
    .action(async (options: Common) => {
      await withStore(options, (db) => {
        const erasures = listErasures(db).map(({ id: _id, ...entry }) => entry);
        print(options, { erasures }, () => erasures.length === 0 ? 'No customer has been erased.\n'
          : `${textTable(['when (UTC)', 'user (salted hash)', 'by', 'events', 'lifted', 'reason'], erasures.map((entry) => [
            entry.at.replace('T', ' ').slice(0, 19), entry.user_hash.slice(0, 16), entry.by ?? '', formatCount(entry.counts.events_removed),
            entry.lifted_at ? entry.lifted_at.slice(0, 10) : '', entry.reason ?? '',
          ]), [3])}\n`);
      });
    });
}
