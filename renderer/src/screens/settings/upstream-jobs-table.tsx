import { useTranslation } from 'react-i18next';
import { useFormat } from '../../format.ts';
import { useApp } from '../../state/app-store.ts';
import type { UpstreamStatus } from './upstream-form.ts';

type UpstreamJob = UpstreamStatus['jobs'][number];

/** Each upload job: which batch, what, how far it got, and the platform's last word; failed jobs can be sent again. */
export function UpstreamJobsTable({ jobs, busy, onRetry }: { jobs: readonly UpstreamJob[]; busy: boolean; onRetry(job: UpstreamJob): void }) {
  const { t } = useTranslation('settings');
  const format = useFormat();
  const go = useApp((state) => state.go);
  if (jobs.length === 0) return <p className="muted">{t('upstream.noJobs')}</p>;
  return (
    <table className="table jobs-table">
      <caption className="visually-hidden">{t('upstream.jobsTitle')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('upstream.batch')}</th>
          <th scope="col">{t('upstream.kind')}</th>
          <th scope="col" className="number">{t('upstream.part')}</th>
          <th scope="col" className="number">{t('upstream.rows')}</th>
          <th scope="col">{t('upstream.status')}</th>
          <th scope="col" className="number">{t('upstream.attempts')}</th>
          <th scope="col">{t('upstream.lastError')}</th>
          <th scope="col" aria-label={t('stores.actions')} />
        </tr>
      </thead>
      <tbody>
        {jobs.map((job) => (
          <tr key={job.id} className={`job-${job.status}`}>
            <th scope="row"><button type="button" className="link" onClick={() => go('uploads', { batchId: job.batch_id })}>#{job.batch_id}</button></th>
            <td>{t(`upstream.jobKind.${job.kind}`, { defaultValue: job.kind })}</td>
            <td className="number">{format.number(job.part)}</td>
            <td className="number">{format.number(job.rows)}</td>
            <td>
              <span className={`badge job-${job.status}`}>{t(`upstream.jobStatus.${job.status}`, { defaultValue: job.status })}</span>
              {job.status === 'done' && job.done_at && <span className="job-note">{format.dateTime(job.done_at)}</span>}
              {(job.status === 'queued' || job.status === 'remote') && job.next_attempt_at && <span className="job-note">{t('upstream.nextTry', { at: format.dateTime(job.next_attempt_at) })}</span>}
            </td>
            <td className="number">{format.number(job.attempts)}</td>
            <td className="job-error">{job.last_error ?? ''}</td>
            <td>
              {job.status === 'failed' && (
                <button type="button" disabled={busy} aria-label={t('upstream.retryOf', { batch: job.batch_id, part: job.part })} onClick={() => onRetry(job)}>{t('upstream.retry')}</button>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
