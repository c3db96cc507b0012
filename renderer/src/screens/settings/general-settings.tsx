import { useEffect, useId, useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Language } from '../../../../shared/contract/schemas.ts';
import { api } from '../../api.ts';
import { ErrorMessage } from '../../components/error-message.tsx';
import { errorMessage } from '../../hooks/use-api.ts';
import { changeLanguage, languages } from '../../i18n/i18n.ts';
import { useApp } from '../../state/app-store.ts';
import { useDurationText } from '../journeys/duration-text.ts';
import { SendingFields } from './sending-fields.tsx';
import { capsInput, formFromSettings, updateInput, validateForm, type SettingsForm } from './settings-form.ts';
import { StoresTable } from './stores-table.tsx';
import { useSettingsData } from './use-settings-data.ts';
import { ZoneInput, ZoneList } from './zone-input.tsx';

/** Store time zones, sending rules (quiet hours, daily caps, stale limit), language; the measured upload lag. */
export function GeneralSettings() {
  const { t } = useTranslation(['settings', 'common']);
  const id = useId();
  const language = useApp((state) => state.language);
  const setLanguage = useApp((state) => state.setLanguage);
  const setSettings = useApp((state) => state.setSettings);
  const duration = useDurationText();
  const { settings, stats, stores } = useSettingsData();
  const storeIds = useMemo(() => [...stores.keys()], [stores]);
  const [form, setForm] = useState<SettingsForm | null>(null);
  const [dirty, setDirty] = useState(false);
  const [attempted, setAttempted] = useState(false);
  const [saving, setSaving] = useState(false);
  const [coreError, setCoreError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);

  // Until the user changes something, the form follows the saved settings (e.g. the language picked in the header).
  useEffect(() => {
    if (settings.data && !dirty) setForm(formFromSettings(settings.data, language, storeIds));
  }, [settings.data, storeIds, dirty, language]);

  if (!form || !settings.data) {
    return settings.error ? <ErrorMessage message={settings.error} onRetry={settings.reload} /> : <p className="muted">{t('common:status.loading')}</p>;
  }

  const errors = attempted ? validateForm(form) : {};
  const change = (patch: Partial<SettingsForm>) => {
    setForm({ ...form, ...patch });
    setDirty(true);
    setSaved(false);
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setAttempted(true);
    setCoreError(null);
    setSaved(false);
    if (Object.keys(validateForm(form)).length > 0) return;
    setSaving(true);
    try {
      const before = settings.data!;
      let result = await api.call('settings.update', updateInput(form));
      const caps = capsInput(form);
      if (JSON.stringify(caps) !== JSON.stringify(before.daily_cap)) result = await api.call('settings.setDailyCaps', { daily_cap: caps });
      setSettings(result);
      settings.setData(result);
      if (form.language !== language) {
        setLanguage(form.language);
        await changeLanguage(form.language);
      }
      setDirty(false);
      setAttempted(false);
      setSaved(true);
    } catch (failure) {
      setCoreError(errorMessage(failure));
    } finally {
      setSaving(false);
    }
  };

  const zoneError = errors.zone ? t(errors.zone.key, errors.zone.values ?? {}) : null;
  const lag = settings.data.upload_lag_p95_ms;
  const problems = Object.keys(errors).length;
  return (
    <form onSubmit={(event) => void submit(event)} noValidate aria-labelledby="screen-title">
      <ZoneList />
      <div className="settings-grid">
        <section className="panel settings-zones" aria-labelledby={`${id}-zones`}>
          <h3 id={`${id}-zones`}>{t('zones.title')}</h3>
          <div className="field">
            <label htmlFor={`${id}-zone`}>{t('zones.default')}</label>
            <ZoneInput id={`${id}-zone`} value={form.zone} invalid={zoneError !== null} placeholder={t('zones.automatic', { zone: settings.data.zone })}
              describedBy={zoneError ? `${id}-zone-error` : `${id}-zone-hint`} onChange={(zone) => change({ zone })} />
            {zoneError ? <span id={`${id}-zone-error`} className="field-error" role="alert">{zoneError}</span>
              : <span id={`${id}-zone-hint`} className="field-hint">{t('zones.hint', { zone: settings.data.zone })}</span>}
          </div>
          <h4>{t('stores.title')}</h4>
          <StoresTable stores={form.stores} data={stores} errors={errors} defaultZone={form.zone || settings.data.zone} onChange={(next) => change({ stores: next })} />
        </section>
        <section className="panel settings-sending" aria-labelledby={`${id}-sending`}>
          <h3 id={`${id}-sending`}>{t('sending.title')}</h3>
          <SendingFields form={form} errors={errors} onChange={change} />
        </section>
        <section className="panel settings-general" aria-labelledby={`${id}-general`}>
          <h3 id={`${id}-general`}>{t('general.title')}</h3>
          <div className="field">
            <label htmlFor={`${id}-language`}>{t('general.language')}</label>
            <select id={`${id}-language`} value={form.language} onChange={(event) => change({ language: event.target.value as Language })}>
              {languages.map((option) => <option key={option.code} value={option.code}>{option.label}</option>)}
            </select>
          </div>
          <div className="field">
            <span className="field-label" id={`${id}-lag`}>{t('general.lag')}</span>
            <output aria-labelledby={`${id}-lag`} className="read-only">{lag === null ? t('general.noLag') : duration(Math.ceil(lag / 3_600_000) * 3_600_000)}</output>
            <span className="field-hint">{t('general.lagHint')}</span>
          </div>
          {stats.error && <ErrorMessage message={stats.error} onRetry={stats.reload} />}
        </section>
      </div>
      <div className="settings-actions">
        <button type="submit" className="primary" disabled={saving}>{saving ? t('saving') : t('common:actions.save')}</button>
        <button type="button" disabled={!dirty || saving} onClick={() => { setDirty(false); setAttempted(false); setCoreError(null); }}>{t('discard')}</button>
        {problems > 0 && <span className="field-error" role="alert">{t('errors.count', { count: problems })}</span>}
        {coreError && <ErrorMessage message={t('errors.core', { message: coreError })} />}
        {saved && !dirty && <span className="saved-note" role="status">{t('common:status.saved')}</span>}
      </div>
    </form>
  );
}
