import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ChannelFieldsProps } from './channel-panel.tsx';
import { FormField } from './form-field.tsx';
import { SecretField } from './secret-field.tsx';
import { authValueNeededAgain, bodyFormats, smsDefaults, smsMethods, templateWords, type SmsForm } from './sms-form.ts';

/** The gateway's address and credential, the sender, and (folded away) how the request is written. */
export function SmsFields({ form, errors, status, change }: ChannelFieldsProps<SmsForm>) {
  const { t } = useTranslation('settings');
  const [more, setMore] = useState(false);
  const moreNeeded = Boolean(errors.method || errors.body_format || errors.body_template || errors.id_path || errors.timeout_ms || errors.auth_header);
  return (
    <>
      <fieldset className="settings-group">
        <legend>{t('channels.sms.gateway')}</legend>
        <FormField label={t('channels.sms.url')} error={errors.url} hint={t('channels.sms.urlHint')} className="wide">
          {(control) => <input {...control} type="url" value={form.url} spellCheck={false} placeholder="https://gateway.example/send" onChange={(event) => change({ url: event.target.value }, 'url')} />}
        </FormField>
        <div className="settings-row">
          <SecretField label={t('channels.sms.authValue')} removeLabel={t('channels.sms.removeAuthValue')} value={form.authValue} stored={status.has_secret} again={authValueNeededAgain(form)} clear={form.clearAuthValue} error={errors.authValue}
            hint={t('channels.sms.authHint')} onChange={(authValue) => change({ authValue }, 'authValue')} onClear={(clearAuthValue) => change({ clearAuthValue, authValue: '' }, 'authValue')} />
          <FormField label={t('channels.sms.sender')} error={errors.sender} hint={t('channels.sms.senderHint')}>
            {(control) => <input {...control} value={form.sender} maxLength={20} onChange={(event) => change({ sender: event.target.value }, 'sender')} />}
          </FormField>
        </div>
      </fieldset>
      <details className="more-options" open={more || moreNeeded} onToggle={(event) => setMore(event.currentTarget.open)}>
        <summary>{t('channels.more')}</summary>
        <div className="settings-row">
          <FormField label={t('channels.sms.authHeader')} error={errors.auth_header}>
            {(control) => <input {...control} value={form.authHeader} spellCheck={false} placeholder={smsDefaults.authHeader} onChange={(event) => change({ authHeader: event.target.value }, 'auth_header')} />}
          </FormField>
          <FormField label={t('channels.sms.method')} error={errors.method} className="narrow">
            {(control) => (
              <select {...control} value={form.method} onChange={(event) => change({ method: event.target.value as SmsForm['method'] }, 'method')}>
                {smsMethods.map((method) => <option key={method} value={method}>{method}</option>)}
              </select>
            )}
          </FormField>
          <FormField label={t('channels.sms.bodyFormat')} error={errors.body_format}>
            {(control) => (
              <select {...control} value={form.bodyFormat} onChange={(event) => change({ bodyFormat: event.target.value as SmsForm['bodyFormat'] }, 'body_format')}>
                {bodyFormats.map((format) => <option key={format} value={format}>{t(`channels.sms.format.${format}`)}</option>)}
              </select>
            )}
          </FormField>
        </div>
        <FormField label={t('channels.sms.bodyTemplate')} error={errors.body_template} hint={t('channels.sms.bodyTemplateHint', templateWords)} className="wide">
          {(control) => <textarea {...control} rows={3} value={form.bodyTemplate} spellCheck={false} placeholder={smsDefaults.bodyTemplate} onChange={(event) => change({ bodyTemplate: event.target.value }, 'body_template')} />}
        </FormField>
        <div className="settings-row">
          <FormField label={t('channels.sms.idPath')} error={errors.id_path} hint={t('channels.sms.idPathHint')}>
            {(control) => <input {...control} value={form.idPath} spellCheck={false} placeholder="data.id" onChange={(event) => change({ idPath: event.target.value }, 'id_path')} />}
          </FormField>
          <FormField label={t('channels.sms.timeout')} error={errors.timeout_ms} className="short">
            {(control) => <input {...control} inputMode="decimal" value={form.timeoutSeconds} onChange={(event) => change({ timeoutSeconds: event.target.value }, 'timeout_ms')} />}
          </FormField>
        </div>
      </details>
    </>
  );
}
