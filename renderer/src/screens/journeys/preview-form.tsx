import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../format.ts';
import { defaultPreviewRequest, previewProblems, type PreviewProblem, type PreviewRequest, type UploadMode } from './preview-request.ts';

/** The assumptions of a local preview: when, for how long, how store data arrives, how many emails are opened. */
export function PreviewForm({ running, disabledReason, onRun }: { running: boolean; disabledReason: string | null; onRun(request: PreviewRequest): void }) {
  const { t } = useTranslation('journeys');
  const { zone } = useFormat();
  const id = useId();
  const [request, setRequest] = useState<PreviewRequest>(() => defaultPreviewRequest(zone));
  const [touched, setTouched] = useState(false);
  const problems = previewProblems(request, zone);
  const set = <K extends keyof PreviewRequest>(key: K, value: PreviewRequest[K]) => setRequest((current) => ({ ...current, [key]: value }));
  const invalid = (key: PreviewProblem) => touched && problems.includes(key);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setTouched(true);
    if (problems.length === 0 && !disabledReason) onRun(request);
  };

  return (
    <form className="preview-form" onSubmit={submit} aria-label={t('preview.form')} noValidate>
      <div className="field">
        <label htmlFor={`${id}-from`}>{t('preview.from', { zone })}</label>
        <input id={`${id}-from`} type="datetime-local" value={request.from} aria-invalid={invalid('from') || undefined} onChange={(event) => set('from', event.target.value)} />
      </div>
      <div className="field narrow">
        <label htmlFor={`${id}-days`}>{t('preview.days')}</label>
        <input id={`${id}-days`} type="number" min={1} max={366} value={request.days} aria-invalid={invalid('days') || undefined} onChange={(event) => set('days', event.target.value)} />
      </div>
      <div className="field">
        <label htmlFor={`${id}-upload`}>{t('preview.upload')}</label>
        <select id={`${id}-upload`} value={request.upload} onChange={(event) => set('upload', event.target.value as UploadMode)}>
          {(['recorded', 'lag', 'daily'] as const).map((mode) => <option key={mode} value={mode}>{t(`preview.uploadMode.${mode}`)}</option>)}
        </select>
      </div>
      {request.upload === 'lag' && (
        <div className="field narrow">
          <label htmlFor={`${id}-lag`}>{t('preview.lagHours')}</label>
          <input id={`${id}-lag`} type="number" min={0} step="any" value={request.lagHours} aria-invalid={invalid('lagHours') || undefined} onChange={(event) => set('lagHours', event.target.value)} />
        </div>
      )}
      {request.upload === 'daily' && (
        <div className="field narrow">
          <label htmlFor={`${id}-daily`}>{t('preview.dailyTime')}</label>
          <input id={`${id}-daily`} type="time" value={request.dailyTime} aria-invalid={invalid('dailyTime') || undefined} onChange={(event) => set('dailyTime', event.target.value)} />
        </div>
      )}
      <div className="field narrow">
        <label htmlFor={`${id}-open`}>{t('preview.openRate')}</label>
        <input id={`${id}-open`} type="number" min={0} max={100} step="any" value={request.openRate} aria-invalid={invalid('openRate') || undefined} onChange={(event) => set('openRate', event.target.value)} />
      </div>
      <label className="check">
        <input type="checkbox" checked={request.compareGrace} onChange={(event) => set('compareGrace', event.target.checked)} />
        <span>{t('preview.compareGrace')}</span>
      </label>
      <button type="submit" className="primary" disabled={running || disabledReason !== null}>{running ? t('preview.running') : t('preview.run')}</button>
      {touched && problems.length > 0 && (
        <p className="field-error form-error" role="alert">{problems.map((problem) => t(`preview.problem.${problem}`)).join(' ')}</p>
      )}
      {disabledReason && <p className="muted small form-note">{disabledReason}</p>}
    </form>
  );
}
