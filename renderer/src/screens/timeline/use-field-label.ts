import { useTranslation } from 'react-i18next';

/** A known field's name in the UI's language; any other attribute or parameter keeps its own name. */
export function useFieldLabel(): (key: string) => string {
  const { t } = useTranslation('timeline');
  return (key) => t(`field.${key}`, { defaultValue: key });
}
