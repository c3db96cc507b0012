import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { capChannels, type FieldErrors, type SettingsForm } from './settings-form.ts';

/** Quiet hours, daily caps per channel, and the stale limit: the rules every send follows. */
export function SendingFields({ form, errors, onChange }: { form: SettingsForm; errors: FieldErrors; onChange(patch: Partial<SettingsForm>): void }) {
  const { t } = useTranslation(['settings', 'common']);
  const id = useId();
  const error = (key: string) => {
    const found = errors[key];
    return found ? <span id={`${id}-${key}-error`} className="field-error" role="alert">{t(found.key, found.values ?? {})}</span> : null;
  };
  const described = (key: string) => (errors[key] ? `${id}-${key}-error` : undefined);
  return (
    <>
      <fieldset className="settings-group">
        <legend>{t('quiet.title')}</legend>
        <label className="check">
          <input type="checkbox" checked={form.quietOn} onChange={(event) => onChange({ quietOn: event.target.checked })} />
          <span>{t('quiet.on')}</span>
        </label>
        <div className="settings-row">
          <div className="field">
            <label htmlFor={`${id}-start`}>{t('quiet.start')}</label>
            <input id={`${id}-start`} type="time" value={form.quietStart} disabled={!form.quietOn} aria-invalid={errors.quietStart ? true : undefined}
              aria-describedby={described('quietStart')} onChange={(event) => onChange({ quietStart: event.target.value })} />
            {error('quietStart')}
          </div>
          <div className="field">
            <label htmlFor={`${id}-end`}>{t('quiet.end')}</label>
            <input id={`${id}-end`} type="time" value={form.quietEnd} disabled={!form.quietOn} aria-invalid={errors.quietEnd ? true : undefined}
              aria-describedby={described('quietEnd')} onChange={(event) => onChange({ quietEnd: event.target.value })} />
            {error('quietEnd')}
          </div>
        </div>
        <p className="field-hint">{t('quiet.hint')}</p>
      </fieldset>
      <fieldset className="settings-group">
        <legend>{t('caps.title')}</legend>
        <div className="settings-row">
          {capChannels.map((channel) => (
            <div className="field cap-field" key={channel}>
              <label htmlFor={`${id}-cap-${channel}`}>{t(`common:channel.${channel}`)}</label>
              <input id={`${id}-cap-${channel}`} type="number" min={0} max={100} step={1} value={form.caps[channel]} placeholder={t('caps.none')}
                aria-invalid={errors[`cap.${channel}`] ? true : undefined} aria-describedby={described(`cap.${channel}`)}
                onChange={(event) => onChange({ caps: { ...form.caps, [channel]: event.target.value } })} />
              {error(`cap.${channel}`)}
            </div>
          ))}
        </div>
        <p className="field-hint">{t('caps.hint')}</p>
      </fieldset>
      <fieldset className="settings-group">
        <legend>{t('stale.title')}</legend>
        <div className="field">
          <label htmlFor={`${id}-stale`}>{t('stale.hours')}</label>
          <input id={`${id}-stale`} type="number" min={1} step="any" value={form.staleHours} aria-invalid={errors.stale ? true : undefined}
            aria-describedby={described('stale')} onChange={(event) => onChange({ staleHours: event.target.value })} />
          {error('stale')}
        </div>
        <p className="field-hint">{t('stale.hint')}</p>
      </fieldset>
    </>
  );
}
