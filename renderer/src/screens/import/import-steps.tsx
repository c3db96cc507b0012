import { useTranslation } from 'react-i18next';

export type ImportStep = 'file' | 'columns' | 'review' | 'sync';
const steps: readonly ImportStep[] = ['file', 'columns', 'review', 'sync'];

/** Where the clerk is in the four steps. */
export function ImportSteps({ current, done }: { current: ImportStep; done: boolean }) {
  const { t } = useTranslation('import');
  const at = steps.indexOf(current);
  return (
    <ol className="import-steps" aria-label={t('steps.label')}>
      {steps.map((step, index) => {
        const state = index < at || (done && index === at) ? 'done' : index === at ? 'current' : 'todo';
        return (
          <li key={step} className={`import-step ${state}`} aria-current={state === 'current' ? 'step' : undefined}>
            <span className="step-number" aria-hidden="true">{state === 'done' ? '✓' : index + 1}</span>
            <span className="step-name">{t(`steps.${step}`)}</span>
          </li>
        );
      })}
    </ol>
  );
}
