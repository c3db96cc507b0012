import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api.ts';
import { ErrorMessage } from '../../components/error-message.tsx';
import { useFormat } from '../../format.ts';
import { errorMessage } from '../../hooks/use-api.ts';
import type { UpstreamStatus } from './upstream-form.ts';
import { UpstreamJobsTable } from './upstream-jobs-table.tsx';

type SyncReport = NonNullable<UpstreamStatus['report']>;

/** "Sync now", when the last sync went through, what this one did (or that the platform cannot be reached), and the jobs. */
export function UpstreamSync({ status, onStatus }: { status: UpstreamStatus; onStatus(status: UpstreamStatus): void }) {
  const { t } = useTranslation('settings');
  const format = useFormat();
  const [busy, setBusy] = useState(false);
  const [report, setReport] = useState<SyncReport | null>(null);
  const [error, setError] = useState<string | null>(null);

  const run = async (before?: () => Promise<unknown>) => {
    setBusy(true);
    setError(null);
    try {
      await before?.();
      const next = await api.call('upstream.syncNow', {});
      onStatus(next);
      setReport(next.report);
    } catch (failure) {
      setError(errorMessage(failure));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <div className="form-actions">
        <button type="button" className="primary" disabled={!status.configured || busy} onClick={() => void run()}>{busy ? t('upstream.syncing') : t('upstream.syncNow')}</button>
        <span className="last-sync">{t('upstream.lastSuccess', { at: status.last_success ? format.dateTime(status.last_success) : t('upstream.never') })}</span>
      </div>
      {!status.configured && <p className="field-hint">{t('upstream.setUpFirst')}</p>}
      <ErrorMessage message={error} />
      {report && (
        <div role="status" className="sync-report">
          {report.offline ? <p className="warning-note">{t('upstream.offline')}</p> : (
            <p className={report.failed > 0 ? 'warning-note' : 'notice'}>{t('upstream.report', { sent: report.sent, done: report.done, retrying: report.retrying, failed: report.failed })}</p>
          )}
        </div>
      )}
      <h4>{t('upstream.jobsTitle')}</h4>
      <UpstreamJobsTable jobs={status.jobs} busy={busy} onRetry={(job) => void run(() => api.call('upstream.retry', { id: job.id }))} />
    </>
  );
}
