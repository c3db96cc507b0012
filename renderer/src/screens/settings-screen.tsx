import { useTranslation } from 'react-i18next';

export function SettingsScreen() {
  const { t } = useTranslation();
  return <section aria-labelledby="screen-title"><h2 id="screen-title">{t('nav.settings')}</h2></section>;
}
