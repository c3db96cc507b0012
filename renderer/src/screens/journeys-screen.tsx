import { useTranslation } from 'react-i18next';

export function JourneysScreen() {
  const { t } = useTranslation();
  return <section aria-labelledby="screen-title"><h2 id="screen-title">{t('nav.journeys')}</h2></section>;
}
