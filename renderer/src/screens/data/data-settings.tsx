import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, transport } from '../../api.ts';
import { ErrorMessage } from '../../components/error-message.tsx';
import { useFormat } from '../../format.ts';
import { errorMessage, useLoad } from '../../hooks/use-api.ts';
import { formatBytes } from '../settings/format-bytes.ts';
import { BackupFolder } from './backup-folder.tsx';
import { backupProblem } from './backup-problem.ts';
import { BackupsTable } from './backups-table.tsx';
import { KeepForm } from './keep-form.tsx';
import { RestoreDialog, type Restored, type RestoreTarget } from './restore-dialog.tsx';
import './data.css';

/** Settings → Data: the backup folder, backups (make one, verify, restore), what is kept and for how long. */
export function DataSettings() {
  const { t } = useTranslation('data');
  const format = useFormat();
  const id = useId();
  const status = useLoad(() => api.call('data.get', {}), [], ['backups']);
  const [working, setWorking] = useState(false);
  // Kept as what happened, not as text: a language switched afterwards shows it in the new language.
  const [notice, setNotice] = useState<{ made: { name: string; bytes: number } } | { restored: Restored } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [restoring, setRestoring] = useState<RestoreTarget | null>(null);

  const backUp = async () => {
    setWorking(true);
    setNotice(null);
    setError(null);
    try {
      const made = await api.call('backups.now', {});
      setNotice({ made });
      status.reload();
    } catch (failure) {
      setError(errorMessage(failure));
      status.reload();
    } finally {
      setWorking(false);
    }
  };
  const restoreOther = async () => {
    const picked = await transport.pickBackupFile();
    if (picked) setRestoring({ path: picked.path, file: picked.file });
  };
  const restored = (result: Restored) => {
    setRestoring(null);
    setError(null);
    setNotice({ restored: result });
    status.reload();
  };

  const data = status.data;
  return (
    <div className="data-settings">
      <p className="muted section-intro">{t('intro')}</p>
      <ErrorMessage message={status.error} onRetry={status.reload} />
      {data && (
        <>
          <section className="panel" aria-labelledby={`${id}-backups`}>
            <h3 id={`${id}-backups`}>{t('backups.title')}</h3>
            <BackupFolder status={data} onChanged={status.setData} />
            <p className={data.last_error ? 'error backup-state' : 'muted backup-state'} role={data.last_error ? 'alert' : undefined}>
              {data.last_error
                ? t('backups.lastError', { date: format.dateTime(data.last_error.at), problem: backupProblem(t, data.last_error, data.settings.backup_folder) })
                : data.last_ok ? t('backups.lastOk', { date: format.dateTime(data.last_ok.at) }) : t('backups.never')}
            </p>
            <div className="form-actions">
              <button type="button" className="primary" disabled={working || data.folder_missing} onClick={() => void backUp()}>{working ? t('backups.working') : t('backups.now')}</button>
              <button type="button" disabled={working} onClick={() => void restoreOther()}>{t('backups.other')}</button>
            </div>
            {notice && <p className="notice" role="status">{'made' in notice
              ? t('backups.made', { file: notice.made.name, size: formatBytes(notice.made.bytes, format.locale) })
              : `${t('restore.done', { file: notice.restored.previous })}${notice.restored.messages_marked_unknown > 0 ? ` ${t('restore.unknown', { count: notice.restored.messages_marked_unknown })}` : ''}`}</p>}
            <ErrorMessage message={error} />
            <h4>{t('backups.list')}</h4>
            <BackupsTable backups={data.backups} onRestore={(backup) => setRestoring({ backup })} />
          </section>
          <section className="panel" aria-labelledby={`${id}-kept`}>
            <h3 id={`${id}-kept`}>{t('kept.title')}</h3>
            <KeepForm status={data} onSaved={status.setData} />
          </section>
        </>
      )}
      {restoring && <RestoreDialog target={restoring} onCancel={() => setRestoring(null)} onDone={restored} />}
    </div>
  );
}
