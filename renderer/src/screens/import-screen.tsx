import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { EncodingQuestion } from './import/encoding-question.tsx';
import { FilePicker } from './import/file-picker.tsx';
import { FileSettings } from './import/file-settings.tsx';
import { ImportProgress } from './import/import-progress.tsx';
import { ImportReview } from './import/import-review.tsx';
import { ImportSteps, type ImportStep } from './import/import-steps.tsx';
import { listenToImports, useImport } from './import/import-store.ts';
import { MappingTable } from './import/mapping-table.tsx';
import { ProblemMessage } from './import/problem-message.tsx';
import { zoneNeeded } from './import/zone-needed.ts';
import './import/import.css';

/** Import: a file → what was detected and how columns map → the validation preview → sync. */
export function ImportScreen() {
  const { t } = useTranslation('import');
  const state = useImport();
  useEffect(listenToImports, []);

  const running = state.job !== null;
  const needsZone = state.inspection !== null && zoneNeeded(state.inspection, state.tz);
  const blocked = !state.inspection || state.inspection.missing_required.length > 0 || needsZone || state.inspecting;
  const startHint = () => {
    if (state.inspection && state.inspection.missing_required.length > 0) return t('start.blocked');
    return needsZone ? t('settings.tzNeeded') : t('start.hint');
  };
  const step: ImportStep = state.batch ? (state.batch.status === 'staged' ? 'review' : 'sync') : state.inspection ? 'columns' : 'file';

  return (
    <section aria-labelledby="screen-title" className="import-screen">
      <div className="screen-head">
        <h2 id="screen-title">{t('common:nav.import')}</h2>
        <ImportSteps current={step} done={state.batch?.status === 'committed'} />
      </div>
      <FilePicker busy={running || state.inspecting} />
      <ProblemMessage problem={state.error} onDismiss={() => useImport.setState({ error: null })} />
      {state.cancelled && <p className="notice" role="status">{t('progress.cancelled')}</p>}
      {state.file && !state.inspection && (state.error?.code === 'encoding_unsure' || state.error?.code === 'encoding_mismatch') && <EncodingQuestion disabled={state.inspecting} />}
      {state.inspection && !state.batch && (
        <>
          <section className="panel" aria-labelledby="settings-title">
            <h3 id="settings-title">{t('settings.title')}</h3>
            <FileSettings inspection={state.inspection} disabled={running || state.inspecting} />
          </section>
          <section className="panel" aria-labelledby="mapping-title" aria-busy={state.inspecting}>
            <h3 id="mapping-title">{t('mapping.title')}</h3>
            <MappingTable inspection={state.inspection} disabled={running || state.inspecting} />
          </section>
          <div className="start-bar">
            {running ? <ImportProgress /> : (
              <>
                <button type="button" className="primary" disabled={blocked} onClick={() => void state.start()}>{t('start.button')}</button>
                <span className="muted">{startHint()}</span>
              </>
            )}
          </div>
        </>
      )}
      <ImportReview />
    </section>
  );
}
