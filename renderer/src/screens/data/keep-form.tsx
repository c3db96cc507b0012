import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DataStatus } from '../../../../shared/contract/data-safety.ts';
import { backupKinds, type BackupKind } from '../../../../shared/model/data-safety.ts';
import { api } from '../../api.ts';
import { ErrorMessage } from '../../components/error-message.tsx';
import { errorMessage } from '../../hooks/use-api.ts';
import { FormField } from '../settings/form-field.tsx';

type Draft = Record<BackupKind | 'retention', string>;

function draftOf(status: DataStatus): Draft {
  const days = /^P(\d+)D$/.exec(status.settings.raw_retention)?.[1] ?? status.settings.raw_retention;
  return { ...Object.fromEntries(backupKinds.map((kind) => [kind, String(status.settings.keep[kind])])) as Record<BackupKind, string>, retention: days };
}

const wholeNumber = (text: string) => /^\d+$/.test(text.trim()) && Number(text) >= 1 && Number(text) <= 1000;

/** How many backups of each kind are kept, and how long raw rows and profile history are kept (retention). */
export function KeepForm({ status, onSaved }: { status: DataStatus; onSaved(next: DataStatus): void }) {
  const { t } = useTranslation('data');
  const [draft, setDraft] = useState<Draft>(() => draftOf(status));
  const [errors, setErrors] = useState<Partial<Record<keyof Draft, string>>>({});
  const [saved, setSaved] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);

  const save = async () => {
    const problems = Object.fromEntries(Object.entries(draft).filter(([, value]) => !wholeNumber(value)).map(([key]) => [key, t('kept.invalid')]));
    setErrors(problems);
    setSaved(false);
    setFailure(null);
    if (Object.keys(problems).length > 0) return;
    try {
      const next = await api.call('data.save', {
        keep: Object.fromEntries(backupKinds.map((kind) => [kind, Number(draft[kind])])) as Record<BackupKind, number>,
        raw_retention: `P${Number(draft.retention)}D`,
      });
      setDraft(draftOf(next));
      setSaved(true);
      onSaved(next);
    } catch (error) {
      setFailure(errorMessage(error));
    }
  };
  const change = (key: keyof Draft, value: string) => {
    setDraft((current) => ({ ...current, [key]: value }));
    setSaved(false);
  };

  return (
    <form className="keep-form" noValidate onSubmit={(event) => { event.preventDefault(); void save(); }}>
      <fieldset className="settings-group">
        <legend>{t('kept.backups')}</legend>
        <div className="settings-row">
          {backupKinds.map((kind) => (
            <FormField key={kind} label={t(`kept.${kind}`)} error={errors[kind]} className="keep-field">
              {(control) => <input {...control} inputMode="numeric" value={draft[kind]} onChange={(event) => change(kind, event.target.value)} />}
            </FormField>
          ))}
        </div>
        <p className="field-hint">{t('kept.keepHint')}</p>
      </fieldset>
      <fieldset className="settings-group">
        <legend>{t('kept.retentionTitle')}</legend>
        <FormField label={t('kept.retention')} error={errors.retention} hint={t('kept.retentionHint')} className="wide">
          {(control) => <input {...control} inputMode="numeric" className="retention-days" value={draft.retention} onChange={(event) => change('retention', event.target.value)} />}
        </FormField>
      </fieldset>
      <div className="form-actions">
        <button type="submit" className="primary">{t('kept.save')}</button>
        {saved && <span className="saved-note" role="status">{t('kept.saved')}</span>}
      </div>
      <ErrorMessage message={failure} />
    </form>
  );
}
