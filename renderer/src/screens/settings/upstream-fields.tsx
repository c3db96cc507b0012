import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FormField } from './form-field.tsx';
import { SecretField } from './secret-field.tsx';
import { tokenNeededAgain, upstreamDefaults, type UpstreamForm } from './upstream-form.ts';
import type { FieldMessages } from './use-core-form.ts';

/** Where the platform is and who we are there; what to push and from when; (folded away) its paths and limits. */
export function UpstreamFields({ form, errors, configured, change }: { form: UpstreamForm; errors: FieldMessages; configured: boolean; change(patch: Partial<UpstreamForm>, field?: string): void }) {
  const { t } = useTranslation('settings');
  const [more, setMore] = useState(false);
  const moreNeeded = Boolean(errors.users_path || errors.events_path || errors.status_path || errors.delete_events_path || errors.delete_users_path || errors.max_bytes || errors.timeout_ms);
  return (
    <>
      <FormField label={t('upstream.baseUrl')} error={errors.base_url} hint={t('upstream.baseUrlHint')} className="wide">
        {(control) => <input {...control} type="url" value={form.baseUrl} spellCheck={false} placeholder="https://api.example.com" onChange={(event) => change({ baseUrl: event.target.value }, 'base_url')} />}
      </FormField>
      <div className="settings-row">
        <FormField label={t('upstream.appId')} error={errors.app_id}>
          {(control) => <input {...control} value={form.appId} spellCheck={false} autoComplete="off" onChange={(event) => change({ appId: event.target.value }, 'app_id')} />}
        </FormField>
        <SecretField label={t('upstream.token')} value={form.token} stored={configured} again={tokenNeededAgain(form)} clear={false} error={errors.token} hint={t('upstream.tokenHint')}
          onChange={(token) => change({ token }, 'token')} />
      </div>
      <fieldset className="settings-group">
        <legend>{t('upstream.what')}</legend>
        <label className="check">
          <input type="checkbox" checked={form.pushUsers} onChange={(event) => change({ pushUsers: event.target.checked }, 'push_users')} />
          <span>{t('upstream.pushUsers')}</span>
        </label>
        <label className="check">
          <input type="checkbox" checked={form.pushEvents} onChange={(event) => change({ pushEvents: event.target.checked }, 'push_events')} />
          <span>{t('upstream.pushEvents')}</span>
        </label>
        <FormField label={t('upstream.from')} error={errors.from} hint={t('upstream.fromHint')}>
          {(control) => <input {...control} type="date" value={form.from} onChange={(event) => change({ from: event.target.value }, 'from')} />}
        </FormField>
      </fieldset>
      <details className="more-options" open={more || moreNeeded} onToggle={(event) => setMore(event.currentTarget.open)}>
        <summary>{t('upstream.more')}</summary>
        <p className="field-hint">{t('upstream.pathsHint')}</p>
        <div className="paths-grid">
          <FormField label={t('upstream.usersPath')} error={errors.users_path}>
            {(control) => <input {...control} value={form.usersPath} spellCheck={false} placeholder={upstreamDefaults.users_path} onChange={(event) => change({ usersPath: event.target.value }, 'users_path')} />}
          </FormField>
          <FormField label={t('upstream.eventsPath')} error={errors.events_path}>
            {(control) => <input {...control} value={form.eventsPath} spellCheck={false} placeholder={upstreamDefaults.events_path} onChange={(event) => change({ eventsPath: event.target.value }, 'events_path')} />}
          </FormField>
          <FormField label={t('upstream.statusPath')} error={errors.status_path}>
            {(control) => <input {...control} value={form.statusPath} spellCheck={false} placeholder={upstreamDefaults.status_path} onChange={(event) => change({ statusPath: event.target.value }, 'status_path')} />}
          </FormField>
          <FormField label={t('upstream.deletePath')} error={errors.delete_events_path} hint={t('upstream.deletePathHint')}>
            {(control) => <input {...control} value={form.deletePath} spellCheck={false} placeholder={t('upstream.none')} onChange={(event) => change({ deletePath: event.target.value }, 'delete_events_path')} />}
          </FormField>
          <FormField label={t('upstream.eraseUsersPath')} error={errors.delete_users_path} hint={t('upstream.eraseUsersPathHint')}>
            {(control) => <input {...control} value={form.eraseUsersPath} spellCheck={false} placeholder={t('upstream.none')} onChange={(event) => change({ eraseUsersPath: event.target.value }, 'delete_users_path')} />}
          </FormField>
          <FormField label={t('upstream.maxMb')} error={errors.max_bytes}>
            {(control) => <input {...control} inputMode="decimal" value={form.maxMb} placeholder={String(upstreamDefaults.max_mb)} onChange={(event) => change({ maxMb: event.target.value }, 'max_bytes')} />}
          </FormField>
          <FormField label={t('upstream.timeout')} error={errors.timeout_ms}>
            {(control) => <input {...control} inputMode="decimal" value={form.timeoutSeconds} placeholder={String(upstreamDefaults.timeout_seconds)} onChange={(event) => change({ timeoutSeconds: event.target.value }, 'timeout_ms')} />}
          </FormField>
        </div>
      </details>
    </>
  );
}
