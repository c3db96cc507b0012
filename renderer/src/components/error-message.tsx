import { useTranslation } from 'react-i18next';

export function ErrorMessage({ message, onRetry }: { message: string | null; onRetry?: () => void }) {
  const { t } = useTranslation();
  if (!message) return null;
  return (
    <div className="error" role="alert">
      <span>{message}</span>
      {onRetry && <button type="button" onClick={onRetry}>{t('actions.retry')}</button>}
    </div>
  );
}
