import { useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { importKinds, type ImportKind } from '../../../../shared/model/import-kind.ts';
import { api, transport } from '../../api.ts';
import { ErrorMessage } from '../../components/error-message.tsx';
import { errorMessage } from '../../hooks/use-api.ts';
import { useApp } from '../../state/app-store.ts';
import { FormField } from './form-field.tsx';
import { useCoreForm } from './use-core-form.ts';
import { validateWatchFolder, watchFolderFields, watchFolderFormFrom, watchFolderInput, type FolderDraft, type WatchFolder, type WatchFolderForm } from './watch-folder-form.ts';
import { ZoneInput } from './zone-input.tsx';

/** Adds a watched folder or changes one: where, what kind of file, when to read, and when to commit by itself. */
export function WatchFolderEditor({ folder, onDone }: { folder: WatchFolder | null; onDone(): void }) {
  const { t } = useTranslation(['settings', 'common']);
  const id = useId();
  const zone = useApp((state) => state.settings?.zone ?? 'UTC');
  const draft = useMemo<FolderDraft>(() => ({ folder }), [folder]);
  const editor = useCoreForm({ source: draft, formFrom: watchFolderFormFrom, validate: validateWatchFolder, fields: watchFolderFields, badCode: 'bad_automation', prefix: 'automation' });
  const { form, errors, change } = editor;
  const [picking, setPicking] = useState(false);
  const [pickError, setPickError] = useState<string | null>(null);
  if (form === null) return null;

  // The folder comes from the app's own folder dialog, which lets the core read it: never typed into the page.
  const choose = async () => {
    setPicking(true);
    setPickError(null);
    try {
      const chosen = await transport.pickWatchFolder();
      if (chosen !== null) change({ folder: chosen, confirmed: true }, 'folder');
    } catch (failure) {
      setPickError(errorMessage(failure).replace(/^folder: /, ''));
    } finally {
      setPicking(false);
    }
  };

  const save = async (current: WatchFolderForm): Promise<FolderDraft> => {
    const saved = await api.call('automation.save', watchFolderInput(current));
    if (current.id !== null && current.id !== saved.id) await api.call('automation.remove', { id: current.id });
    onDone();
    return { folder: saved };
  };

  return (
    <section className="panel folder-editor" aria-labelledby={`${id}-title`}>
      <h4 id={`${id}-title`}>{folder ? t('automation.editTitle') : t('automation.addTitle')}</h4>
      <form onSubmit={(event) => void editor.submit(event, save)} noValidate aria-labelledby={`${id}-title`}>
        {!form.confirmed && <p className="confirm-needed" role="note">{t('automation.confirmNeeded')}</p>}
        <FormField label={t('automation.folder')} error={pickError ?? errors.folder} hint={t('automation.folderHint')} className="wide">
          {(control) => (
            <div className="folder-choice">
              <input {...control} readOnly value={form.folder} placeholder={t('automation.noFolderChosen')} spellCheck={false} />
              <button type="button" disabled={picking} onClick={() => void choose()}>{form.folder ? t('automation.changeFolder') : t('automation.chooseFolder')}</button>
            </div>
          )}
        </FormField>
        <div className="settings-row">
          <FormField label={t('automation.kind')} error={errors.kind}>
            {(control) => (
              <select {...control} value={form.kind} onChange={(event) => change({ kind: event.target.value as ImportKind }, 'kind')}>
                {importKinds.map((kind) => <option key={kind} value={kind}>{t(`common:kind.${kind}`)}</option>)}
              </select>
            )}
          </FormField>
          <FormField label={t('automation.pattern')} error={errors.pattern} hint={t('automation.patternHint')}>
            {(control) => <input {...control} value={form.pattern} spellCheck={false} placeholder="pos_*.csv" onChange={(event) => change({ pattern: event.target.value }, 'pattern')} />}
          </FormField>
          <FormField label={t('automation.zone')} error={errors.tz} hint={t('automation.zoneHint', { zone })}>
            {(control) => (
              <ZoneInput id={control.id} value={form.tz} invalid={Boolean(errors.tz)} describedBy={control['aria-describedby']} placeholder={zone}
                onChange={(tz) => change({ tz }, 'tz')} />
            )}
          </FormField>
        </div>
        <fieldset className="settings-group">
          <legend>{t('automation.when')}</legend>
          <label className="check">
            <input type="radio" name={`${id}-mode`} checked={form.mode === 'arrival'} onChange={() => change({ mode: 'arrival' }, 'mode')} />
            <span>{t('automation.arrival')}</span>
          </label>
          <div className="daily-choice">
            <label className="check">
              <input type="radio" name={`${id}-mode`} checked={form.mode === 'daily'} onChange={() => change({ mode: 'daily' }, 'mode')} />
              <span>{t('automation.daily')}</span>
            </label>
            <input type="time" aria-label={t('automation.dailyAt')} value={form.dailyAt} disabled={form.mode !== 'daily'} aria-invalid={errors.daily_at ? true : undefined}
              aria-describedby={errors.daily_at ? `${id}-daily-error` : undefined} onChange={(event) => change({ dailyAt: event.target.value, mode: 'daily' }, 'daily_at')} />
            {errors.daily_at && <span id={`${id}-daily-error`} className="field-error" role="alert">{errors.daily_at}</span>}
          </div>
        </fieldset>
        <div className="settings-row">
          <FormField label={t('automation.limit')} error={errors.max_rejected_rate} hint={t('automation.limitHint')} className="limit-field">
            {(control) => <input {...control} inputMode="decimal" value={form.maxRejectedPercent} onChange={(event) => change({ maxRejectedPercent: event.target.value }, 'max_rejected_rate')} />}
          </FormField>
          <FormField label={t('automation.settle')} error={errors.settle_ms} hint={t('automation.settleHint')} className="limit-field">
            {(control) => <input {...control} inputMode="numeric" value={form.settleSeconds} onChange={(event) => change({ settleSeconds: event.target.value }, 'settle_ms')} />}
          </FormField>
        </div>
        <label className="check">
          <input type="checkbox" checked={form.enabled} onChange={(event) => change({ enabled: event.target.checked }, 'enabled')} />
          <span>{t('automation.enabled')}</span>
        </label>
        <div className="form-actions">
          <button type="submit" className="primary" disabled={editor.saving}>{editor.saving ? t('saving') : t('automation.saveFolder')}</button>
          <button type="button" onClick={onDone}>{t('common:actions.cancel')}</button>
          {editor.problems > 0 && <span className="field-error" role="alert">{t('automation.notSaved', { count: editor.problems })}</span>}
        </div>
        {editor.formError && <ErrorMessage message={t('automation.coreError', { message: editor.formError })} />}
      </form>
    </section>
  );
}
