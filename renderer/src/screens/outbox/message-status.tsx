import { useTranslation } from 'react-i18next';

/** A message's status as a badge, with why it was skipped, deferred or cancelled, in the UI's language. */
export function MessageStatus({ status, reason, dryRun = false }: { status: string; reason: string | null; dryRun?: boolean }) {
  const { t } = useTranslation('outbox');
  return (
    <span className="message-status">
      <span className={`badge ${status}`}>{t(`status.${status}`, { defaultValue: status })}</span>
      {dryRun && status === 'sent' && <span className="badge dry-run" title={t('dryRunHint')}>{t('dryRun')}</span>}
      {reason && <span className="message-reason">{t(`reason.${reason}`, { defaultValue: reason })}</span>}
    </span>
  );
}

/** The same words as plain text, for accessible names and titles. */
export function useMessageStatusText(): (status: string, reason: string | null) => string {
  const { t } = useTranslation('outbox');
  return (status, reason) => [t(`status.${status}`, { defaultValue: status }), reason ? t(`reason.${reason}`, { defaultValue: reason }) : ''].filter(Boolean).join(' — ');
}
