import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MethodOutput } from '../../../../shared/contract/methods.ts';
import { api } from '../../api.ts';
import { Dialog } from '../../components/dialog.tsx';
import { ErrorMessage } from '../../components/error-message.tsx';
import { useFormat } from '../../format.ts';
import { errorMessage } from '../../hooks/use-api.ts';
import '../data/data.css';

type Preview = MethodOutput<'privacy.preview'>;

/**
 * "Forget this customer" (APPI/GDPR): what would be removed, then the customer id typed again to
 * confirm — a button press alone never erases anyone.
 */
export function ForgetCustomer({ userId, onForgotten }: { userId: string; onForgotten(message: string): void }) {
  const { t } = useTranslation('data');
  const { number } = useFormat();
  const id = useId();
  const [preview, setPreview] = useState<Preview | null>(null);
  const [typed, setTyped] = useState('');
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const ask = async () => {
    setError(null);
    try {
      setPreview(await api.call('privacy.preview', { userId }));
      setTyped('');
      setReason('');
    } catch (failure) {
      setError(errorMessage(failure));
    }
  };
  const forget = async () => {
    if (typed.trim() !== userId) {
      setError(t('forget.mismatch'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const result = await api.call('privacy.erase', { userId, confirm: typed, ...(reason.trim() ? { reason: reason.trim() } : {}) });
      setPreview(null);
      onForgotten(t('forget.done', { count: result.events_removed, user: result.user_id, events: number(result.events_removed) }));
    } catch (failure) {
      setError(errorMessage(failure));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="forget-customer">
      <button type="button" className="danger-outline" onClick={() => void ask()}>{t('forget.button')}</button>
      {!preview && <ErrorMessage message={error} />}
      {preview && (
        <Dialog title={t('forget.title', { user: userId })} className="forget-dialog" onClose={() => setPreview(null)}
          actions={<button type="button" className="danger" disabled={busy || typed.trim() !== userId} onClick={() => void forget()}>{t('forget.confirm')}</button>}>
          <p>{t('forget.intro')}</p>
          <ul>
            <li>{t('forget.events', { count: preview.events_removed, events: number(preview.events_removed) })}</li>
            <li>{preview.profile_removed ? t('forget.profile') : t('forget.noProfile')}</li>
            <li>{t('forget.rows', { count: preview.raw_rows_removed + preview.profile_images_removed, rows: number(preview.raw_rows_removed + preview.profile_images_removed) })}</li>
            <li>{t('forget.runs', { runs: number(preview.runs_removed), messages: number(preview.messages_removed) })}</li>
            {preview.messages_sent_kept_anonymised > 0 && <li>{t('forget.sent', { count: preview.messages_sent_kept_anonymised, sent: number(preview.messages_sent_kept_anonymised) })}</li>}
          </ul>
          <p>{t('forget.suppressed', { user: userId })}</p>
          {preview.upstream_deletion_queued && <p>{t('forget.upstream')}</p>}
          <div className="field">
            <label htmlFor={`${id}-confirm`}>{t('forget.type', { user: userId })}</label>
            <input id={`${id}-confirm`} value={typed} autoComplete="off" spellCheck={false} onChange={(event) => setTyped(event.target.value)} />
          </div>
          <div className="field">
            <label htmlFor={`${id}-reason`}>{t('forget.reason')}</label>
            <input id={`${id}-reason`} value={reason} maxLength={500} onChange={(event) => setReason(event.target.value)} />
          </div>
          <ErrorMessage message={error} />
        </Dialog>
      )}
    </div>
  );
}
