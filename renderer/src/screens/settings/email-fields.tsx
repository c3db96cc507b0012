import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ChannelFieldsProps } from './channel-panel.tsx';
import { passwordNeededAgain, securityModes, withSecurity, type EmailForm, type Security } from './email-form.ts';
import { FormField } from './form-field.tsx';
import { SecretField } from './secret-field.tsx';

/** The SMTP server, sign-in, sender, and (folded away) tracking links and certificate checks. */
export function EmailFields({ form, errors, status, change }: ChannelFieldsProps<EmailForm>) {
  const { t } = useTranslation('settings');
  const [more, setMore] = useState(false);
  const moreNeeded = Boolean(errors.tracking_url || errors.unsubscribe_url || errors.reject_unauthorized);
  return (
    <>
      <fieldset className="settings-group">
        <legend>{t('channels.email.server')}</legend>
        <div className="settings-row">
          <FormField label={t('channels.email.host')} error={errors.host} className="grow">
            {(control) => <input {...control} value={form.host} autoComplete="off" spellCheck={false} placeholder="smtp.example.jp" onChange={(event) => change({ host: event.target.value }, 'host')} />}
          </FormField>
          <FormField label={t('channels.email.port')} error={errors.port} className="narrow">
            {(control) => <input {...control} inputMode="numeric" value={form.port} onChange={(event) => change({ port: event.target.value }, 'port')} />}
          </FormField>
          <FormField label={t('channels.email.security')} error={errors.security}>
            {(control) => (
              <select {...control} value={form.security} onChange={(event) => change(withSecurity(form, event.target.value as Security), 'security')}>
                {securityModes.map((mode) => <option key={mode} value={mode}>{t(`channels.email.securityMode.${mode}`)}</option>)}
              </select>
            )}
          </FormField>
        </div>
      </fieldset>
      <fieldset className="settings-group">
        <legend>{t('channels.email.signIn')}</legend>
        <div className="settings-row">
          <FormField label={t('channels.email.user')} error={errors.user} hint={t('channels.email.userHint')}>
            {(control) => <input {...control} value={form.user} autoComplete="off" spellCheck={false} onChange={(event) => change({ user: event.target.value }, 'user')} />}
          </FormField>
          <SecretField label={t('channels.email.password')} removeLabel={t('channels.email.removePassword')} value={form.password} stored={status.has_secret} again={passwordNeededAgain(form)} clear={form.clearPassword} error={errors.password}
            onChange={(password) => change({ password }, 'password')} onClear={(clearPassword) => change({ clearPassword, password: '' }, 'password')} />
        </div>
      </fieldset>
      <fieldset className="settings-group">
        <legend>{t('channels.email.sender')}</legend>
        <div className="settings-row">
          <FormField label={t('channels.email.from')} error={errors.from}>
            {(control) => <input {...control} type="email" value={form.from} autoComplete="off" spellCheck={false} placeholder="shop@example.jp" onChange={(event) => change({ from: event.target.value }, 'from')} />}
          </FormField>
          <FormField label={t('channels.email.fromName')} error={errors.from_name}>
            {(control) => <input {...control} value={form.fromName} placeholder={t('channels.email.fromNamePlaceholder')} onChange={(event) => change({ fromName: event.target.value }, 'from_name')} />}
          </FormField>
        </div>
      </fieldset>
      <details className="more-options" open={more || moreNeeded} onToggle={(event) => setMore(event.currentTarget.open)}>
        <summary>{t('channels.more')}</summary>
        <div className="settings-row">
          <FormField label={t('channels.email.trackingUrl')} error={errors.tracking_url} hint={t('channels.email.trackingHint')} className="grow">
            {(control) => <input {...control} type="url" value={form.trackingUrl} spellCheck={false} placeholder="https://track.example.jp" onChange={(event) => change({ trackingUrl: event.target.value }, 'tracking_url')} />}
          </FormField>
          <FormField label={t('channels.email.unsubscribeUrl')} error={errors.unsubscribe_url} hint={t('channels.email.unsubscribeHint')} className="grow">
            {(control) => <input {...control} type="url" value={form.unsubscribeUrl} spellCheck={false} placeholder="https://example.jp/unsubscribe" onChange={(event) => change({ unsubscribeUrl: event.target.value }, 'unsubscribe_url')} />}
          </FormField>
        </div>
        <label className="check">
          <input type="checkbox" checked={form.selfSigned} onChange={(event) => change({ selfSigned: event.target.checked }, 'reject_unauthorized')} />
          <span>{t('channels.email.selfSigned')}</span>
        </label>
      </details>
    </>
  );
}
