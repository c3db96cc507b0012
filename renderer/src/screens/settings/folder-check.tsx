import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MethodOutput } from '../../../../shared/contract/methods.ts';
import { api } from '../../api.ts';
import { ErrorMessage } from '../../components/error-message.tsx';
import { errorMessage } from '../../hooks/use-api.ts';
import { FileOutcome } from './file-outcome.tsx';

type ScanResult = MethodOutput<'automation.scan'>['results'][number];

/** "Check now": reads every watched folder at once (a daily folder too) and says what became of each file. */
export function FolderCheck({ disabled }: { disabled: boolean }) {
  const { t } = useTranslation('settings');
  const [checking, setChecking] = useState(false);
  const [results, setResults] = useState<ScanResult[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const check = async () => {
    setChecking(true);
    setError(null);
    try {
      setResults((await api.call('automation.scan', {})).results);
    } catch (failure) {
      setError(errorMessage(failure));
    } finally {
      setChecking(false);
    }
  };
  const manyFolders = new Set((results ?? []).map((item) => item.folder)).size > 1;
  return (
    <div className="folder-check">
      <div className="form-actions">
        <button type="button" className="primary" disabled={disabled || checking} onClick={() => void check()}>{checking ? t('automation.checking') : t('automation.checkNow')}</button>
        <span className="field-hint">{t('automation.checkHint')}</span>
      </div>
      <ErrorMessage message={error} />
      {results !== null && (
        <div role="status" className="check-results">
          {results.length === 0 ? <p className="muted">{t('automation.nothingNew')}</p> : (
            <table className="table results-table">
              <caption>{t('automation.resultsTitle', { count: results.length })}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('automation.file')}</th>
                  <th scope="col">{t('automation.outcomeLabel')}</th>
                </tr>
              </thead>
              <tbody>
                {results.map((result) => (
                  <tr key={`${result.folder}/${result.file}`}>
                    <th scope="row" className="file-name"><span>{result.file}</span>{manyFolders && <span className="muted folder-of">{result.folder}</span>}</th>
                    <td><FileOutcome outcome={result.outcome} batchId={result.batch_id} detail={result.detail} /></td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
      )}
    </div>
  );
}
