import { useTranslation } from 'react-i18next';

export function TimelineScreen() {
  const { t } = useTranslation();
  return <section aria-labelledby="screen-title"><h2 id="screen-title">{t('nav.timeline')}</h2></section>;
}
