import { useId, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { Inspection } from '../../../../shared/contract/schemas.ts';
import { importKinds, type ImportKind } from '../../../../shared/model/import-kind.ts';
import { useImport } from './import-store.ts';
import { encodings, isEncoding } from './text-encodings.ts';
import { timeZones } from './time-zones.ts';
import { zoneNeeded } from './zone-needed.ts';

const delimiters = [',', '\t', ';', '|'] as const;

function isDelimiter(value: string): value is (typeof delimiters)[number] {
  return (delimiters as readonly string[]).includes(value);
}

function delimiterName(delimiter: string): string {
  return ({ '\t': 'tab', ',': 'comma', ';': 'semicolon', '|': 'pipe' } as Record<string, string>)[delimiter] ?? 'other';
}

/** What was detected in the file, each changeable where the core can read it another way. */
export function FileSettings({ inspection, disabled }: { inspection: Inspection; disabled: boolean }) {
  const { t } = useTranslation('import');
  const change = useImport((state) => state.change);
  const tz = useImport((state) => state.tz);
  const setTz = useImport((state) => state.setTz);
  const zones = useMemo(() => timeZones(tz), [tz]);
  const needsZone = zoneNeeded(inspection, tz);
  const delimiter = inspection.delimiter ?? '';
  const ids = useId();

  return (
    <div className="file-settings">
      <div className="field">
        <label htmlFor={`${ids}-kind`}>{t('settings.kind')}</label>
        <select id={`${ids}-kind`} value={inspection.kind} disabled={disabled} onChange={(event) => void change({ kind: event.target.value as ImportKind })}>
          {importKinds.map((kind) => <option key={kind} value={kind}>{t(`common:kind.${kind}`)}</option>)}
        </select>
      </div>
      {inspection.format === 'csv' ? (
        <>
          <div className="field">
            <label htmlFor={`${ids}-encoding`}>{t('settings.encoding')}</label>
            <select id={`${ids}-encoding`} value={inspection.encoding} disabled={disabled} onChange={(event) => {
              if (isEncoding(event.target.value)) void change({ encoding: event.target.value });
            }}>
              {!isEncoding(inspection.encoding) && <option value={inspection.encoding}>{inspection.encoding}</option>}
              {encodings.map((encoding) => <option key={encoding} value={encoding}>{t(`encoding.${encoding}`)}</option>)}
            </select>
          </div>
          <div className="field">
            <label htmlFor={`${ids}-delimiter`}>{t('settings.delimiter')}</label>
            <select id={`${ids}-delimiter`} value={delimiter} disabled={disabled} onChange={(event) => {
              if (isDelimiter(event.target.value)) void change({ delimiter: event.target.value });
            }}>
              {!isDelimiter(delimiter) && <option value={delimiter}>{t(`delimiter.${delimiterName(delimiter)}`, { value: delimiter })}</option>}
              {delimiters.map((option) => <option key={option} value={option}>{t(`delimiter.${delimiterName(option)}`, { value: option })}</option>)}
            </select>
          </div>
        </>
      ) : (
        <div className="field">
          <label htmlFor={`${ids}-sheet`}>{t('settings.sheet')}</label>
          <select id={`${ids}-sheet`} value={inspection.sheet ?? ''} disabled={disabled || inspection.sheets.length < 2} onChange={(event) => void change({ sheet: event.target.value })}>
            {inspection.sheets.map((sheet) => <option key={sheet} value={sheet}>{sheet}</option>)}
          </select>
        </div>
      )}
      <div className="field">
        <label htmlFor={`${ids}-tz`}>{t('settings.tz')}</label>
        <select id={`${ids}-tz`} value={tz} disabled={disabled} onChange={(event) => setTz(event.target.value)} aria-invalid={needsZone || undefined} aria-describedby={`${ids}-tz-hint`}>
          {!tz && <option value="">{t('settings.tzChoose')}</option>}
          <optgroup label={t('settings.tzCommon')}>
            {zones.common.map((zone) => <option key={zone} value={zone}>{zone}</option>)}
          </optgroup>
          <optgroup label={t('settings.tzAll')}>
            {zones.all.map((zone) => <option key={zone} value={zone}>{zone}</option>)}
          </optgroup>
        </select>
      </div>
      <p id={`${ids}-tz-hint`} className={needsZone ? 'settings-hint warn' : 'settings-hint muted'}>
        {needsZone ? t('settings.tzNeeded') : t('settings.tzHint')}
      </p>
    </div>
  );
}
