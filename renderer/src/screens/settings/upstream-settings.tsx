import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api.ts';
import { ErrorMessage } from '../../components/error-message.tsx';
import { useLoad } from '../../hooks/use-api.ts';
import { UpstreamFields } from './upstream-fields.tsx';
import { upstreamFields, upstreamFormFrom, upstreamSaveInput, validateUpstream, type UpstreamForm, type UpstreamStatus } from './upstream-form.ts';
import { UpstreamSync } from './upstream-sync.tsx';
import { useCoreForm } from './use-core-form.ts';

/** The AIQUA-compatible platform: connection settings, and the queue of uploads with "Sync now". */
export function UpstreamSettings() {
  const { t } = useTranslation(['settings', 'common']);
  const id = useId();
  const status = useLoad(() => api.call('upstream.get', {}), [], ['upstream']);
  const configured = status.data?.configured ?? false;
  const editor = useCoreForm({
    source: status.data, formFrom: upstreamFormFrom, validate: validateUpstream(configured), fields: upstreamFields, badCode: 'bad_upstream', prefix: 'upstream',
  });
  const { form } = editor;
  if (!status.data || !form) return status.error ? <ErrorMessage message={status.error} onRetry={status.reload} /> : <p className="muted">{t('common:status.loading')}</p>;

  const save = async (current: UpstreamForm): Promise<UpstreamStatus> => {
    const next = await api.call('upstream.save', upstreamSaveInput(current));
    status.setData(next);
    return next;
  };
  return (
    <div className="upstream">
      <p className="muted section-intro">{t('upstream.intro')}</p>
      <div className="upstream-grid">
        <section className="panel" aria-labelledby={`${id}-connection`}>
          <h3 id={`${id}-connection`}>{t('upstream.connectionTitle')}</h3>
          <form onSubmit={(event) => void editor.submit(event, save)} noValidate aria-labelledby={`${id}-connection`} className="upstream-form">
            <UpstreamFields form={form} errors={editor.errors} configured={configured} change={editor.change} />
            <div className="form-actions">
              <button type="submit" className="primary" disabled={editor.saving}>{editor.saving ? t('saving') : t('common:actions.save')}</button>
              <button type="button" disabled={!editor.dirty || editor.saving} onClick={editor.discard}>{t('discard')}</button>
              {editor.problems > 0 && <span className="field-error" role="alert">{t('errors.count', { count: editor.problems })}</span>}
              {editor.saved && !editor.dirty && <span className="saved-note" role="status">{t('common:status.saved')}</span>}
            </div>
            {editor.formError && <ErrorMessage message={t('errors.core', { message: editor.formError })} />}
          </form>
        </section>
        <section className="panel" aria-labelledby={`${id}-sync`}>
          <h3 id={`${id}-sync`}>{t('upstream.syncTitle')}</h3>
          <UpstreamSync status={status.data} onStatus={status.setData} />
        </section>
      </div>
    </div>
  );
}
