import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDuration, parseDuration } from '../../../../shared/journey/duration.ts';

const units = { minute: 60_000, hour: 3_600_000, day: 86_400_000 } as const;
type Unit = keyof typeof units;

function split(value: string | undefined, fallback: Unit): { amount: string; unit: Unit } {
  const ms = value === undefined ? null : parseDuration(value);
  if (ms === null || ms === 0) return { amount: '', unit: fallback };
  const unit: Unit = ms % units.day === 0 ? 'day' : ms % units.hour === 0 ? 'hour' : 'minute';
  return { amount: String(Math.round((ms / units[unit]) * 1000) / 1000), unit };
}

function msOf(amount: string, unit: Unit): number | null {
  if (amount.trim() === '') return null;
  const number = Number(amount);
  return Number.isFinite(number) && number >= 0 ? Math.round(number * units[unit]) : Number.NaN;
}

/** A duration as a number and a unit (a marketer's "7 days"), stored as ISO 8601 (`P7D`). Optional ones may be left empty. */
export function DurationField({ label, value, onChange, optional = false, disabled = false, fallbackUnit = 'day', hint }: {
  label: string;
  value: string | undefined;
  onChange(value: string | undefined): void;
  optional?: boolean;
  disabled?: boolean;
  fallbackUnit?: Unit;
  hint?: string;
}) {
  const { t } = useTranslation('journeys');
  const id = useId();
  const [local, setLocal] = useState(() => split(value, fallbackUnit));
  const [error, setError] = useState<string | null>(null);

  // A change from outside (a fix, another node) replaces what is shown; our own changes already match.
  useEffect(() => {
    const shown = msOf(local.amount, local.unit);
    const given = value === undefined ? null : parseDuration(value);
    if ((shown ?? 0) !== (given ?? 0)) {
      setLocal(split(value, local.unit));
      setError(null);
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [value]);

  const update = (amount: string, unit: Unit) => {
    setLocal({ amount, unit });
    const ms = msOf(amount, unit);
    if (ms === null || ms === 0) {
      if (optional) {
        setError(null);
        onChange(undefined);
      } else {
        setError(t('editor.durationRequired'));
      }
      return;
    }
    if (Number.isNaN(ms)) {
      setError(t('editor.durationInvalid'));
      return;
    }
    setError(null);
    onChange(formatDuration(ms));
  };

  return (
    <div className="field duration-field">
      <label htmlFor={`${id}-amount`}>{label}</label>
      <div className="duration-inputs">
        <input id={`${id}-amount`} type="number" min={0} step="any" inputMode="decimal" value={local.amount} disabled={disabled}
          placeholder={optional ? t('editor.none') : undefined} aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-error` : hint ? `${id}-hint` : undefined}
          onChange={(event) => update(event.target.value, local.unit)} />
        <select aria-label={t('editor.unitOf', { label })} value={local.unit} disabled={disabled} onChange={(event) => update(local.amount, event.target.value as Unit)}>
          {(Object.keys(units) as Unit[]).map((unit) => <option key={unit} value={unit}>{t(`editor.unit.${unit}`)}</option>)}
        </select>
      </div>
      {hint && !error && <span id={`${id}-hint`} className="field-hint">{hint}</span>}
      {error && <span id={`${id}-error`} className="field-error">{error}</span>}
    </div>
  );
}
