import { useTranslation } from 'react-i18next';
import { ProgressBar } from '../../components/progress-bar.tsx';
import { useFormat } from '../../format.ts';
import { useImport } from './import-store.ts';

/** The running import: bytes read of the file, rows so far, and a way out. */
export function ImportProgress() {
  const { t } = useTranslation('import');
  const { number, percent } = useFormat();
  const job = useImport((state) => state.job);
  const cancel = useImport((state) => state.cancel);
  if (!job) return null;
  const progress = job.progress;
  const fraction = progress && progress.totalBytes > 0 ? progress.bytesRead / progress.totalBytes : null;
  const text = progress
    ? t('progress.text', { rows: number(progress.rows), count: progress.rows, percent: fraction === null ? '' : percent(fraction) })
    : t('progress.starting');
  return (
    <div className="import-progress">
      <ProgressBar label={t('progress.label')} value={fraction} text={text} />
      <button type="button" onClick={() => void cancel()} disabled={job.cancelling || job.id === null}>
        {job.cancelling ? t('progress.cancelling') : t('progress.cancel')}
      </button>
    </div>
  );
}
