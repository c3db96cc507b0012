import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Inspection } from '../../../../shared/contract/schemas.ts';
import { isCustomName, suggestedCustomName, type ColumnUse, type ColumnView } from './mapping-columns.ts';

export function valueOf(use: ColumnUse): string {
  return use.kind === 'target' ? `target:${use.name}` : use.kind;
}

/**
 * One column's "imported as": a known field, a custom attribute (with its name) or not imported.
 * Keyed by the column's current use, so a new answer from the core starts it afresh.
 */
export function ColumnUseSelect({ column, targets, disabled, onUse }: {
  column: ColumnView;
  targets: Inspection['targets'];
  disabled: boolean;
  onUse(use: ColumnUse): void;
}) {
  const { t } = useTranslation('import');
  const [naming, setNaming] = useState(false);
  const [name, setName] = useState(suggestedCustomName(column));
  const current = column.use.kind === 'custom' ? column.use.name : '';

  const pick = (value: string) => {
    if (value.startsWith('target:')) onUse({ kind: 'target', name: value.slice('target:'.length) });
    else if (value === 'skipped') onUse({ kind: 'skipped' });
    else {
      const suggested = suggestedCustomName(column);
      if (suggested) onUse({ kind: 'custom', name: suggested });
      else setNaming(true);
    }
  };
  const showName = naming || column.use.kind === 'custom';
  const valid = isCustomName(name);
  const applyName = () => {
    if (valid && name !== current) onUse({ kind: 'custom', name });
  };
  const selectValue = naming ? 'custom' : valueOf(column.use);

  return (
    <div className="column-use">
      <select value={selectValue} disabled={disabled} aria-label={t('mapping.useFor', { header: column.header })} onChange={(event) => pick(event.target.value)}>
        <optgroup label={t('mapping.fields')}>
          {targets.map((target) => (
            <option key={target.name} value={`target:${target.name}`}>
              {t('mapping.targetOption', { label: t(`target.${target.name}`, { defaultValue: target.name }), name: target.name })}
              {target.required ? ` ${t('mapping.requiredMark')}` : ''}
            </option>
          ))}
        </optgroup>
        <option value="custom">{t('mapping.custom')}</option>
        <option value="skipped">{t('mapping.skipped')}</option>
      </select>
      {showName && (
        <div className="custom-name">
          <input
            type="text" value={name} disabled={disabled} spellCheck={false} placeholder="attribute_name"
            aria-label={t('mapping.customName', { header: column.header })} aria-invalid={!valid || undefined}
            onChange={(event) => setName(event.target.value.trim())}
            onBlur={applyName}
            onKeyDown={(event) => {
              if (event.key === 'Enter') applyName();
            }}
          />
          {!valid && <span className="field-error">{t('mapping.customNameRule')}</span>}
        </div>
      )}
    </div>
  );
}
