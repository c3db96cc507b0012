import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { coreProblem, splitFieldProblems } from './core-errors.ts';

export type FieldMessages = Partial<Record<string, string>>;

/**
 * A settings form the core validates: the form follows the saved value until the user changes it;
 * plain mistakes are caught here (translation keys from `validate`), and what the core refuses
 * (`badCode`, naming each field) is shown next to the field, in the UI's language where we know the field.
 */
export function useCoreForm<Source, Form>({ source, formFrom, validate, fields, badCode, prefix, values }: {
  source: Source | null;
  formFrom(source: Source): Form;
  validate(form: Form): FieldMessages;
  /** The core's field names this form shows. */
  fields: readonly string[];
  badCode: string;
  /** Where `<prefix>.invalid.<field>` messages are in the settings namespace. */
  prefix: string;
  values?: Record<string, string>;
}) {
  const { t } = useTranslation('settings');
  const [form, setForm] = useState<Form | null>(null);
  const [dirty, setDirty] = useState(false);
  const [attempted, setAttempted] = useState(false);
  const [coreErrors, setCoreErrors] = useState<FieldMessages>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [saved, setSaved] = useState(false);

  useEffect(() => {
    if (source !== null && !dirty) setForm(formFrom(source));
  }, [source, dirty, formFrom]);

  const change = useCallback((patch: Partial<Form>, field?: string) => {
    setForm((current) => (current === null ? current : { ...current, ...patch }));
    setDirty(true);
    setSaved(false);
    if (field) setCoreErrors((current) => (current[field] === undefined ? current : { ...current, [field]: undefined }));
  }, []);

  const discard = () => {
    setDirty(false);
    setAttempted(false);
    setCoreErrors({});
    setFormError(null);
  };

  const submit = async (event: FormEvent, save: (form: Form) => Promise<Source>) => {
    event.preventDefault();
    if (form === null) return;
    setAttempted(true);
    setSaved(false);
    setFormError(null);
    setCoreErrors({});
    if (Object.keys(validate(form)).length > 0) return;
    setSaving(true);
    try {
      const next = await save(form);
      setForm(formFrom(next));
      discard();
      setSaved(true);
    } catch (failure) {
      const problem = coreProblem(failure);
      if (problem.code !== badCode) {
        setFormError(problem.message);
        return;
      }
      const split = splitFieldProblems(problem.message, fields);
      setCoreErrors(Object.fromEntries(Object.entries(split.fields).map(([field, message]) => [field, t(`${prefix}.invalid.${field}`, { ...values, defaultValue: message })])));
      setFormError(split.rest.length > 0 ? split.rest.join('; ') : null);
    } finally {
      setSaving(false);
    }
  };

  const local = form !== null && attempted ? validate(form) : {};
  const errors: FieldMessages = { ...coreErrors };
  for (const [field, key] of Object.entries(local)) if (key) errors[field] = t(key, values ?? {});
  const problems = Object.values(errors).filter(Boolean).length;
  return { form, dirty, errors, problems, formError, saving, saved, change, discard, submit };
}
