import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { EventPayload } from '../../../../shared/contract/events.ts';
import { api } from '../../api.ts';
import { useApp } from '../../state/app-store.ts';
import { backupProblem } from './backup-problem.ts';

/** An app-wide notice when a backup the app makes by itself failed (a drive not connected, a full folder). */
export function BackupNotice() {
  const { t } = useTranslation('data');
  const go = useApp((state) => state.go);
  const [failure, setFailure] = useState<EventPayload<'backup.failed'> | null>(null);
  useEffect(() => {
    // A failure stays recorded until a backup works again: shown from the start, not only when it happens.
    const look = () => api.call('data.get', {}).then((status) => {
      setFailure(status.last_error ? { ...status.last_error, folder: status.settings.backup_folder } : null);
    }, () => undefined);
    void look();
    const offFailed = api.on('backup.failed', setFailure);
    const offChanged = api.on('data.changed', (payload) => {
      if (payload.what === 'backups') void look();
    });
    return () => {
      offFailed();
      offChanged();
    };
  }, []);
  if (!failure) return null;
  return (
    <section className="review-list backup-notices" aria-label={t('notice.label')} aria-live="polite">
      <div className="review-notice">
        <span aria-hidden="true" className="review-icon">!</span>
        <p>{t('notice.failed', { problem: backupProblem(t, failure, failure.folder) })}</p>
        <button type="button" className="primary" onClick={() => { setFailure(null); go('settings', { section: 'data' }); }}>{t('notice.open')}</button>
        <button type="button" className="review-dismiss" aria-label={t('notice.dismiss')} onClick={() => setFailure(null)}>×</button>
      </div>
    </section>
  );
}
