import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DataStatus } from '../../../../shared/contract/data-safety.ts';
import { api, transport } from '../../api.ts';
import { ErrorMessage } from '../../components/error-message.tsx';
import { errorMessage } from '../../hooks/use-api.ts';

/** Where backups go: a folder from main's own folder dialog (which grants it), or back to the default. */
export function BackupFolder({ status, onChanged }: { status: DataStatus; onChanged(next: DataStatus): void }) {
  const { t } = useTranslation('data');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const apply = async (path: string | null) => {
    setError(null);
    setBusy(true);
    try {
      onChanged(await api.call('data.setBackupFolder', { path }));
    } catch (failure) {
      setError(errorMessage(failure));
    } finally {
      setBusy(false);
    }
  };
  const choose = async () => {
    setError(null);
    try {
      const picked = await transport.pickBackupFolder();
      if (picked) await apply(picked);
    } catch (failure) {
      setError(errorMessage(failure));
    }
  };
  const { settings } = status;
  return (
    <div className="backup-folder">
      <div className="field wide">
        <span className="field-label">{t('backups.folder')}</span>
        <p className="folder-now">
          <code title={settings.backup_folder}>{settings.backup_folder}</code>
          {settings.default_folder && <span className="muted"> {t('backups.defaultFolder')}</span>}
        </p>
      </div>
      {status.folder_missing && <p className="error" role="alert">{t('backups.missing')}</p>}
      <div className="form-actions">
        <button type="button" disabled={busy} onClick={() => void choose()}>{t('backups.choose')}</button>
        {!settings.default_folder && <button type="button" className="link" disabled={busy} onClick={() => void apply(null)}>{t('backups.useDefault')}</button>}
      </div>
      <ErrorMessage message={error} />
    </div>
  );
}
