import { useTranslation } from 'react-i18next';
import { FormField } from './form-field.tsx';

/**
 * A password or credential: the stored one is never shown back. Empty keeps it (for the same server
 * only); typing replaces it; "remove" clears it.
 */
export function SecretField({ label, removeLabel, value, stored, again = false, clear, error, hint, onChange, onClear }: {
  label: string;
  removeLabel?: string;
  value: string;
  stored: boolean;
  /** The destination changed: the stored secret stays with the old one, so it must be typed again. */
  again?: boolean;
  clear: boolean;
  error?: string | null;
  hint?: string;
  onChange(value: string): void;
  /** Without it the stored secret can be replaced but not removed. */
  onClear?(clear: boolean): void;
}) {
  const { t } = useTranslation('settings');
  return (
    <div className="secret-field">
      <FormField label={label} error={error ?? null} hint={hint ?? null}>
        {(control) => (
          <input {...control} type="password" autoComplete="new-password" value={value} disabled={clear}
            placeholder={again ? t('secret.again') : stored ? t('secret.stored') : t('secret.none')} onChange={(event) => onChange(event.target.value)} />
        )}
      </FormField>
      {stored && onClear && (
        <label className="check">
          <input type="checkbox" checked={clear} onChange={(event) => onClear(event.target.checked)} />
          <span>{removeLabel ?? t('secret.remove')}</span>
        </label>
      )}
    </div>
  );
}
