import { useTranslation } from 'react-i18next';

export function UploadsScreen() {
  const { t } = useTranslation();
  return <section aria-labelledby="screen-title"><h2 id="screen-title">{t('nav.uploads')}</h2></section>;
}
