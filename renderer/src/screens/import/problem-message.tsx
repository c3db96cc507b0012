import { useTranslation } from 'react-i18next';
import type { ImportProblem } from './import-store.ts';

/** A core error in the UI's language when its code is known, with the core's own words (file, row, column) below. */
export function ProblemMessage({ problem, onDismiss }: { problem: ImportProblem | null; onDismiss?: () => void }) {
  const { t } = useTranslation('import');
  if (!problem) return null;
  const known = t(`problem.${problem.code}`, { defaultValue: '' });
  return (
    <div className="error import-problem" role="alert">
      <div className="import-problem-text">
        <strong>{known || t('problem.generic')}</strong>
        <span className="import-problem-detail">{problem.message}</span>
      </div>
      {onDismiss && <button type="button" onClick={onDismiss}>{t('common:actions.close')}</button>}
    </div>
  );
}
