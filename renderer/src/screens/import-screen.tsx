import { useTranslation } from 'react-i18next';

export function ImportScreen() {
  const { t } = useTranslation();
  return <section aria-labelledby="screen-title"><h2 id="screen-title">{t('nav.import')}</h2></section>;
}
