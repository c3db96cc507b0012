import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MethodOutput } from '../../../shared/contract/methods.ts';
import { api } from '../api.ts';
import { ErrorMessage } from '../components/error-message.tsx';
import { useFormat } from '../format.ts';
import { errorMessage } from '../hooks/use-api.ts';
import './data/data.css';

type Status = MethodOutput<'store.status'>;

/**
 * What the app shows instead of its screens when the store failed its check at start: the store was not
 * opened (nothing more is written to it), and the newest good backup can be restored in its place.
 */
export function DamagedStoreScreen({ status }: { status: Status }) {
  const { t } = useTranslation('data');
  const format = useFormat();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const backup = status.newest_good_backup;
  const restore = async () => {
    if (!backup) return;
    setBusy(true);
    setError(null);
    try {
      await api.call('backups.restore', { name: backup.name });
      // The real app starts on the restored store: begin again.
      location.reload();
    } catch (failure) {
      setError(errorMessage(failure));
      setBusy(false);
    }
  };
  return (
    <main className="damaged-store panel" aria-labelledby="damaged-title">
      <h1 id="damaged-title">{t('damaged.title')}</h1>
      <p>{t('damaged.text', { problem: status.problem ?? '' })}</p>
      <p className="muted"><code>{status.file}</code></p>
      {backup
        ? <p>{t('damaged.backup', { date: format.dateTime(backup.created_at), file: backup.name })}</p>
        : <p className="error" role="alert">{t('damaged.noBackup', { folder: status.backup_folder })}</p>}
      {backup && <p className="muted">{t('damaged.after')}</p>}
      <div className="form-actions">
        {backup && <button type="button" className="primary" disabled={busy} onClick={() => void restore()}>{busy ? t('damaged.restoring') : t('damaged.restore')}</button>}
      </div>
      <ErrorMessage message={error} />
    </main>
  );
}
