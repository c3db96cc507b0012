import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api.ts';
import { ErrorMessage } from '../../components/error-message.tsx';
import { errorMessage } from '../../hooks/use-api.ts';
import type { OutboxMessage } from './use-message.ts';

type Action = 'outbox.retry' | 'outbox.cancel' | 'outbox.markSent';
const notes: Record<Action, string> = { 'outbox.retry': 'actions.retried', 'outbox.cancel': 'actions.cancelled', 'outbox.markSent': 'actions.markedSent' };

/**
 * What a person can do with a message that did not go through: send it again, cancel it, or, for one
 * in doubt, record that the provider did deliver it.
 */
export function MessageActions({ message, onDone }: { message: OutboxMessage; onDone(): void }) {
  const { t } = useTranslation('outbox');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const act = async (action: Action) => {
    setBusy(true);
    setError(null);
    try {
      await api.call(action, { id: message.id });
      setNote(t(notes[action]));
      onDone();
    } catch (failure) {
      setError(errorMessage(failure));
    } finally {
      setBusy(false);
    }
  };
  const failed = message.status === 'failed';
  const unknown = message.status === 'unknown';
  return (
    <>
      {(failed || unknown) && (
        <div className={unknown ? 'message-help unknown' : 'message-help failed'}>
          <p>{unknown ? t('actions.unknownHelp') : t('actions.failedHelp')}</p>
          <div className="form-actions">
            <button type="button" className="primary" disabled={busy} onClick={() => void act('outbox.retry')}>{t('actions.retry')}</button>
            {unknown && <button type="button" disabled={busy} onClick={() => void act('outbox.markSent')}>{t('actions.markSent')}</button>}
            <button type="button" className="danger-outline" disabled={busy} onClick={() => void act('outbox.cancel')}>{t('actions.cancel')}</button>
          </div>
        </div>
      )}
      {note && <p className="notice" role="status">{note}</p>}
      <ErrorMessage message={error} />
    </>
  );
}
