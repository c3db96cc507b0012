import { useTranslation } from 'react-i18next';

export function OutboxScreen() {
  const { t } = useTranslation();
  return <section aria-labelledby="screen-title"><h2 id="screen-title">{t('nav.outbox')}</h2></section>;
}
