import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { useImport } from './import-store.ts';
import { encodings, isEncoding } from './text-encodings.ts';

/**
 * The file is not valid UTF-8 and which encoding it is cannot be told for sure: rather than show
 * garbled columns, the encoding field asks the clerk, and the file is read again in the one chosen.
 */
export function EncodingQuestion({ disabled }: { disabled: boolean }) {
  const { t } = useTranslation('import');
  const change = useImport((state) => state.change);
  const ids = useId();
  return (
    <section className="panel" aria-labelledby={`${ids}-title`}>
      <h3 id={`${ids}-title`}>{t('settings.title')}</h3>
      <div className="file-settings">
        <div className="field">
          <label htmlFor={`${ids}-encoding`}>{t('settings.encoding')}</label>
          <select id={`${ids}-encoding`} value="" disabled={disabled} aria-invalid="true" aria-describedby={`${ids}-hint`} onChange={(event) => {
            if (isEncoding(event.target.value)) void change({ encoding: event.target.value });
          }}>
            <option value="">{t('settings.encodingChoose')}</option>
            {encodings.map((encoding) => <option key={encoding} value={encoding}>{t(`encoding.${encoding}`)}</option>)}
          </select>
        </div>
        <p id={`${ids}-hint`} className="settings-hint warn">{t('settings.encodingNeeded')}</p>
      </div>
    </section>
  );
}
