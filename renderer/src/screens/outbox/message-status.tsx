import { useTranslation } from 'react-i18next';
import { CONTROL_GROUP_REASON } from '../../../../shared/journey/control-group.ts';

/** A control-group message is stored as skipped; it reads "held back", which is not a problem to fix. */
function shownStatus(status: string, reason: string | null): string {
  return status === 'skipped' && reason === CONTROL_GROUP_REASON ? 'held_back' : status;
}

/** A message's status as a badge, with why it was skipped, deferred or cancelled, in the UI's language. */
export function MessageStatus({ status, reason, dryRun = false }: { status: string; reason: string | null; dryRun?: boolean }) {
  const { t } = useTranslation('outbox');
  const shown = shownStatus(status, reason);
  return (
    <span className="message-status">
      <span className={`badge ${shown}`}>{t(`status.${shown}`, { defaultValue: status })}</span>
      {dryRun && status === 'sent' && <span className="badge dry-run" title={t('dryRunHint')}>{t('dryRun')}</span>}
      {reason && <span className="message-reason">{t(`reason.${reason}`, { defaultValue: reason })}</span>}
    </span>
  );
}

/** The same words as plain text, for accessible names and titles. */
export function useMessageStatusText(): (status: string, reason: string | null) => string {
  const { t } = useTranslation('outbox');
  return (status, reason) => [t(`status.${shownStatus(status, reason)}`, { defaultValue: status }), reason ? t(`reason.${reason}`, { defaultValue: reason }) : ''].filter(Boolean).join(' — ');
}
