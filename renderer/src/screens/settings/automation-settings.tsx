import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api.ts';
import { ConfirmDialog } from '../../components/confirm-dialog.tsx';
import { ErrorMessage } from '../../components/error-message.tsx';
import { errorMessage, useLoad } from '../../hooks/use-api.ts';
import { FolderCheck } from './folder-check.tsx';
import { StoreLagTable } from './store-lag-table.tsx';
import { WatchFolderEditor } from './watch-folder-editor.tsx';
import type { WatchFolder } from './watch-folder-form.ts';
import { WatchFoldersTable } from './watch-folders-table.tsx';
import { WatchedFilesTable } from './watched-files-table.tsx';

/** Watched folders: daily exports read, imported and committed without a person; what happened to each file; each store's lag. */
export function AutomationSettings() {
  const { t } = useTranslation(['settings', 'common']);
  const id = useId();
  const list = useLoad(() => api.call('automation.list', {}), [], ['automation', 'batches']);
  const stats = useLoad(() => api.call('quality.stats', {}), [], ['batches']);
  const [editing, setEditing] = useState<{ folder: WatchFolder | null } | null>(null);
  const [removing, setRemoving] = useState<WatchFolder | null>(null);
  const [removeError, setRemoveError] = useState<string | null>(null);

  const remove = async (folder: WatchFolder) => {
    setRemoving(null);
    try {
      await api.call('automation.remove', { id: folder.id });
      if (editing?.folder?.id === folder.id) setEditing(null);
      list.reload();
    } catch (failure) {
      setRemoveError(errorMessage(failure));
    }
  };

  const folders = list.data?.folders ?? [];
  return (
    <div className="automation">
      <p className="muted section-intro">{t('automation.intro')}</p>
      <section className="panel" aria-labelledby={`${id}-folders`}>
        <h3 id={`${id}-folders`}>{t('automation.foldersTitle')}</h3>
        {list.error && <ErrorMessage message={list.error} onRetry={list.reload} />}
        {list.data ? <WatchFoldersTable folders={folders} onEdit={(folder) => setEditing({ folder })} onRemove={setRemoving} /> : !list.error && <p className="muted">{t('common:status.loading')}</p>}
        <ErrorMessage message={removeError} />
        {editing ? (
          <WatchFolderEditor key={editing.folder?.id ?? 'new'} folder={editing.folder} onDone={() => { setEditing(null); list.reload(); }} />
        ) : (
          <div className="form-actions">
            <button type="button" onClick={() => setEditing({ folder: null })}>{t('automation.add')}</button>
          </div>
        )}
      </section>
      <section className="panel" aria-labelledby={`${id}-check`}>
        <h3 id={`${id}-check`}>{t('automation.checkTitle')}</h3>
        <FolderCheck disabled={folders.length === 0} />
      </section>
      <section className="panel" aria-labelledby={`${id}-files`}>
        <h3 id={`${id}-files`}>{t('automation.filesTitle')}</h3>
        {list.data && <WatchedFilesTable files={list.data.files} folders={folders} />}
      </section>
      <section className="panel" aria-labelledby={`${id}-lag`}>
        <h3 id={`${id}-lag`}>{t('automation.lagTitle')}</h3>
        <p className="field-hint">{t('automation.lagHint')}</p>
        {stats.error && <ErrorMessage message={stats.error} onRetry={stats.reload} />}
        {stats.data && <StoreLagTable stores={stats.data.stores} />}
      </section>
      {removing && (
        <ConfirmDialog title={t('automation.removeTitle')} confirmLabel={t('automation.removeConfirm')} danger onConfirm={() => void remove(removing)} onCancel={() => setRemoving(null)}>
          <p>{t('automation.removeText', { folder: removing.folder })}</p>
        </ConfirmDialog>
      )}
    </div>
  );
}
