import fs from 'node:fs';
import { Option, type Command } from 'commander';
import { channelStatus, saveChannel } from '../channels/channel-settings.ts';
import { cancelMessage, markMessageSent, messageAttempts, retryMessage } from '../channels/outbox-actions.ts';
import { importProviderEvents } from '../channels/import-provider-events.ts';
import { sendTestMessage } from '../channels/test-send.ts';
import { ShopfloorError } from '../errors.ts';
import { parseId, secretBoxFor, type CliContext, type Common } from './cli-context.ts';
import { refusedSecretOption } from './secret-options.ts';

function readSecret(options: { passwordFile?: string; authValueFile?: string }): string | undefined {
  const file = options.passwordFile ?? options.authValueFile;
  return file === undefined ? undefined : fs.readFileSync(file === '-' ? 0 : file, 'utf8').replace(/\r?\n$/, '');
}

/** channels set/show/test, and outbox retry/cancel/mark-sent/attempts. */
export function registerChannelCommands(program: Command, outbox: Command, context: CliContext): void {
  const { clock, print, withStore, common } = context;
  const channels = program.command('channels').description('email (SMTP) and SMS (HTTP gateway) settings');

  common(channels.command('email').description('set up email over SMTP (a changed setup must be tested before real sends)'))
    .requiredOption('--host <host>', 'SMTP server').requiredOption('--port <port>', 'SMTP port').requiredOption('--from <address>', 'from address')
    .addOption(new Option('--security <mode>', 'tls (465), starttls (587) or none').choices(['tls', 'starttls', 'none']).default('starttls'))
    .option('--user <user>', 'SMTP user').addOption(refusedSecretOption('password'))
    .option('--password-file <file>', 'read the password from a file, or - for standard input')
    .option('--from-name <name>', 'sender name').option('--tracking-url <url>', 'base URL of the tracking endpoint (opens, unsubscribes)')
    .option('--unsubscribe-url <url>', 'unsubscribe page; the message token is appended')
    .option('--insecure-tls', 'accept a self-signed certificate')
    .action(async (options: Common & { host: string; port: string; from: string; security: string; user?: string; passwordFile?: string; fromName?: string; trackingUrl?: string; unsubscribeUrl?: string; insecureTls?: boolean }) => {
      await withStore(options, (db) => {
        saveChannel(db, clock, secretBoxFor(context, options), 'email', {
          host: options.host, port: Number(options.port), security: options.security, from: options.from, reject_unauthorized: options.insecureTls !== true,
          ...(options.user ? { user: options.user } : {}), ...(options.fromName ? { from_name: options.fromName } : {}),
          ...(options.trackingUrl ? { tracking_url: options.trackingUrl } : {}), ...(options.unsubscribeUrl ? { unsubscribe_url: options.unsubscribeUrl } : {}),
        }, readSecret(options));
        print(options, channelStatus(db).email, () => 'Email is set up. Send a test message to start sending for real: shopfloor channels test email --to you@example.com\n');
      });
    });

  common(channels.command('sms').description('set up SMS through an HTTP gateway'))
    .requiredOption('--url <url>', 'gateway URL')
    .addOption(new Option('--method <method>', 'HTTP method').choices(['POST', 'PUT']).default('POST'))
    .option('--auth-header <name>', 'header carrying the credential', 'Authorization')
    .addOption(refusedSecretOption('auth-value'))
    .option('--auth-value-file <file>', 'read the credential (e.g. "Bearer …") from a file, or - for standard input')
    .addOption(new Option('--body-format <format>', 'request body').choices(['json', 'form']).default('json'))
    .option('--body-template <template>', 'body with {{to}}, {{text}}, {{request_id}}, {{sender}}')
    .option('--id-path <path>', "where the provider's message id is in its JSON answer").option('--sender <name>', 'sender id')
    .option('--timeout-ms <ms>', 'give up waiting after this long', '10000')
    .action(async (options: Common & { url: string; method: string; authHeader: string; authValueFile?: string; bodyFormat: string; bodyTemplate?: string; idPath?: string; sender?: string; timeoutMs: string }) => {
      await withStore(options, (db) => {
        saveChannel(db, clock, secretBoxFor(context, options), 'sms', {
          url: options.url, method: options.method, auth_header: options.authHeader, body_format: options.bodyFormat, timeout_ms: Number(options.timeoutMs),
          ...(options.bodyTemplate ? { body_template: options.bodyTemplate } : {}), ...(options.idPath ? { id_path: options.idPath } : {}), ...(options.sender ? { sender: options.sender } : {}),
        }, readSecret(options));
        print(options, channelStatus(db).sms, () => 'SMS is set up. Send a test message to start sending for real: shopfloor channels test sms --to +81…\n');
      });
    });

  common(channels.command('show').description('channel settings (never the secrets) and whether each sends for real'))
    .action(async (options: Common) => {
      await withStore(options, (db) => {
        const status = channelStatus(db);
        print(options, status, () => (['email', 'sms'] as const).map((name) => `${name}: ${status[name].configured ? (status[name].live ? `live (tested ${status[name].tested_at})` : 'configured, not tested: dry run') : 'not configured: dry run'}`).join('\n') + '\n');
      });
    });

  common(channels.command('test <channel>').description('send one test message (email or sms); success turns real sending on'))
    .requiredOption('--to <address>', 'email address or phone number')
    .action(async (channel: string, options: Common & { to: string }) => {
      if (channel !== 'email' && channel !== 'sms') throw new ShopfloorError('bad_option', 'test email or sms');
      await withStore(options, async (db) => {
        const box = secretBoxFor(context, options);
        if (!channelStatus(db)[channel].configured) throw new ShopfloorError('channel_not_configured', `${channel} is not configured: shopfloor channels ${channel} …`);
        const outcome = await sendTestMessage(db, clock, box, channel, options.to);
        if (outcome.kind !== 'accepted') throw new ShopfloorError('test_send_failed', `the test message was not accepted (${outcome.kind}): ${outcome.error}`);
        print(options, { ok: true, provider_id: outcome.providerId }, () => `Test message accepted (${outcome.providerId}). ${channel} now sends for real.\n`);
      });
    });

  common(channels.command('events <file>').description("import the email provider's event export (opens, clicks, unsubscribes) as CSV"))
    .option('--message-column <header>', 'the column with the Message-ID (default: message_id, smtp-id, …)')
    .option('--event-column <header>', 'the column with the event type (default: event)')
    .option('--time-column <header>', 'the column with the event time (default: timestamp)')
    .option('--tz <zone>', 'zone of times written without an offset')
    .action(async (file: string, options: Common & { messageColumn?: string; eventColumn?: string; timeColumn?: string; tz?: string }) => {
      await withStore(options, async (db) => {
        const result = await importProviderEvents(db, clock, file, {
          ...(options.messageColumn ? { messageColumn: options.messageColumn } : {}), ...(options.eventColumn ? { eventColumn: options.eventColumn } : {}),
          ...(options.timeColumn ? { timeColumn: options.timeColumn } : {}), ...(options.tz ? { tz: options.tz } : {}),
        });
        print(options, result, () => `${result.rows} rows: ${result.opens} opens, ${result.clicks} clicks, ${result.unsubscribes} unsubscribes recorded; ${result.unmatched} name no message sent by Shopfloor, ${result.ignored} other events.\n`);
      });
    });

  common(outbox.command('retry <id>').description('send a failed or unknown message again'))
    .action(async (id: string, options: Common) => {
      await withStore(options, (db) => {
        retryMessage(db, clock, parseId(id, 'message'));
        print(options, { retried: Number(id) }, () => `Message ${id} will be sent on the next tick.\n`);
      });
    });
  common(outbox.command('cancel <id>').description('cancel a scheduled, failed or unknown message'))
    .action(async (id: string, options: Common) => {
      await withStore(options, (db) => {
        cancelMessage(db, parseId(id, 'message'));
        print(options, { cancelled: Number(id) }, () => `Message ${id} is cancelled.\n`);
      });
    });
  common(outbox.command('mark-sent <id>').description("an unknown message the provider's records show as delivered"))
    .action(async (id: string, options: Common) => {
      await withStore(options, (db) => {
        markMessageSent(db, clock, parseId(id, 'message'));
        print(options, { sent: Number(id) }, () => `Message ${id} is marked sent.\n`);
      });
    });
  common(outbox.command('attempts <id>').description("a message's send attempts and errors"))
    .action(async (id: string, options: Common) => {
      await withStore(options, (db) => {
        const attempts = messageAttempts(db, parseId(id, 'message'));
        print(options, { attempts }, () => attempts.map((attempt) => `${attempt.started_at}  ${attempt.outcome ?? 'in progress'}  ${attempt.error ?? attempt.provider_id ?? ''}`).join('\n') + '\n');
      });
    });
}
