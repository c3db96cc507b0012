import { useTranslation } from 'react-i18next';
import { Dialog } from '../../components/dialog.tsx';
import { ErrorMessage } from '../../components/error-message.tsx';
import { useFormat } from '../../format.ts';
import { AttemptsTable } from './attempts-table.tsx';
import { MessageActions } from './message-actions.tsx';
import { MessageStatus } from './message-status.tsx';
import { useMessage, type OutboxMessage } from './use-message.ts';

/** One message: where it stands, every send attempt with the provider's answer, and what can be done about it. */
export function MessageDetails({ initial, step, onClose, onChanged }: { initial: OutboxMessage; step: string; onClose(): void; onChanged(): void }) {
  const { t } = useTranslation(['outbox', 'common']);
  const format = useFormat();
  const { message, attempts, error, reload } = useMessage(initial);
  const channel = t(`common:channel.${message.channel}`, { defaultValue: message.channel });
  return (
    <Dialog title={t('details.title', { user: message.user_id, channel })} onClose={onClose} className="message-dialog" wide>
      <dl className="message-facts">
        <dt>{t('columns.status')}</dt>
        <dd><MessageStatus status={message.status} reason={message.reason} dryRun={message.dry_run} /></dd>
        <dt>{t('columns.step')}</dt>
        <dd>{step}</dd>
        <dt>{t('columns.due')}</dt>
        <dd>{format.dateTime(message.due_at)}</dd>
        {message.sent_at && (
          <>
            <dt>{t('details.sent')}</dt>
            <dd>{format.dateTime(message.sent_at)}</dd>
          </>
        )}
        {message.last_error && message.status !== 'unknown' && (
          <>
            <dt>{t('details.lastError')}</dt>
            <dd className="message-last-error">{message.last_error}</dd>
          </>
        )}
      </dl>
      <MessageActions message={message} onDone={() => { reload(); onChanged(); }} />
      <h3>{t('details.attemptsCount', { count: attempts?.length ?? message.attempts })}</h3>
      <ErrorMessage message={error} onRetry={reload} />
      {attempts === null ? <p className="muted">{t('common:status.loading')}</p> : <AttemptsTable attempts={attempts} />}
    </Dialog>
  );
}
