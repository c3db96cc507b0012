import { useTranslation } from 'react-i18next';
import { useFormat } from '../../format.ts';
import type { WatchFolder } from './watch-folder-form.ts';

/** The watched folders: where, what, when, and the limit for committing without a person. */
export function WatchFoldersTable({ folders, onEdit, onRemove }: { folders: readonly WatchFolder[]; onEdit(folder: WatchFolder): void; onRemove(folder: WatchFolder): void }) {
  const { t } = useTranslation(['settings', 'common']);
  const format = useFormat();
  if (folders.length === 0) return <p className="muted">{t('automation.noFolders')}</p>;
  return (
    <table className="table folders-table">
      <caption className="visually-hidden">{t('automation.foldersTitle')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('automation.folder')}</th>
          <th scope="col">{t('automation.kind')}</th>
          <th scope="col">{t('automation.pattern')}</th>
          <th scope="col">{t('automation.when')}</th>
          <th scope="col" className="number">{t('automation.limitShort')}</th>
          <th scope="col" aria-label={t('stores.actions')} />
        </tr>
      </thead>
      <tbody>
        {folders.map((folder) => (
          <tr key={folder.id}>
            <th scope="row" className="folder-path">
              <span>{folder.folder}</span>
              {!folder.enabled && <span className="badge paused">{t('automation.paused')}</span>}
              {!folder.confirmed && <span className="badge warning">{t('automation.notConfirmed')}</span>}
            </th>
            <td className="nowrap">{t(`common:kind.${folder.kind}`)}</td>
            <td><code>{folder.pattern}</code></td>
            <td>{folder.mode === 'daily' ? t('automation.dailyAtTime', { time: folder.daily_at ?? '—' }) : t('automation.onArrival')}{folder.tz ? <span className="muted"> · {folder.tz}</span> : null}</td>
            <td className="number">{format.percent(folder.max_rejected_rate)}</td>
            <td className="row-actions">
              <button type="button" className="link" aria-label={t('automation.editOf', { folder: folder.folder })} onClick={() => onEdit(folder)}>{t('automation.edit')}</button>
              <button type="button" className="link danger-link" aria-label={t('automation.removeOf', { folder: folder.folder })} onClick={() => onRemove(folder)}>{t('stores.remove')}</button>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
