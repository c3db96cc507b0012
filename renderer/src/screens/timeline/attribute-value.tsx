import { useTranslation } from 'react-i18next';
import { useFormat } from '../../format.ts';

/** A profile attribute or event parameter as text: yes/no for flags, grouped digits, ISO instants as dates. */
export function AttributeValue({ value }: { value: unknown }) {
  const { t } = useTranslation('timeline');
  const { number, dateTime } = useFormat();
  if (value === null || value === undefined || value === '') return <span className="muted">—</span>;
  if (typeof value === 'boolean') return <>{value ? t('value.yes') : t('value.no')}</>;
  if (typeof value === 'number') return <>{number(value)}</>;
  if (typeof value === 'string') {
    if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(value) && !Number.isNaN(Date.parse(value))) return <>{dateTime(value)}</>;
    return <>{value}</>;
  }
  return <>{JSON.stringify(value)}</>;
}
