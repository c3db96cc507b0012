import { useTranslation } from 'react-i18next';
import { useFormat } from '../../format.ts';
import { formatBytes } from './format-bytes.ts';
import { FileOutcome } from './file-outcome.tsx';
import type { WatchedFile, WatchFolder } from './watch-folder-form.ts';

/** A watched file's state as the outcome words the check uses. */
function outcomeOf(file: WatchedFile): { outcome: string; detail: string | null } {
  if (file.status === 'imported') return { outcome: file.outcome ?? 'committed', detail: null };
  if (file.status === 'duplicate') return { outcome: 'duplicate', detail: file.outcome };
  if (file.status === 'failed') return { outcome: 'failed', detail: file.error };
  return { outcome: file.status, detail: file.error };
}

/** The latest files seen in the watched folders, newest first. */
export function WatchedFilesTable({ files, folders }: { files: readonly WatchedFile[]; folders: readonly WatchFolder[] }) {
  const { t } = useTranslation('settings');
  const format = useFormat();
  const paths = new Map(folders.map((folder) => [folder.id, folder.folder]));
  // With one folder watched, its path under every file is noise.
  const showFolder = new Set(files.map((file) => file.folder_id)).size > 1;
  if (files.length === 0) return <p className="muted">{t('automation.noFiles')}</p>;
  return (
    <table className="table files-table">
      <caption className="visually-hidden">{t('automation.filesTitle')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('automation.file')}</th>
          <th scope="col">{t('automation.seen')}</th>
          <th scope="col" className="number">{t('automation.size')}</th>
          <th scope="col">{t('automation.outcomeLabel')}</th>
        </tr>
      </thead>
      <tbody>
        {files.map((file) => {
          const { outcome, detail } = outcomeOf(file);
          return (
            <tr key={`${file.folder_id}/${file.name}`}>
              <th scope="row" className="file-name"><span>{file.name}</span>{showFolder && <span className="muted folder-of">{paths.get(file.folder_id) ?? ''}</span>}</th>
              <td className="nowrap">{format.dateTime(file.seen_at)}</td>
              <td className="number nowrap">{formatBytes(file.size, format.locale)}</td>
              <td><FileOutcome outcome={outcome} batchId={file.batch_id} detail={detail} /></td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
