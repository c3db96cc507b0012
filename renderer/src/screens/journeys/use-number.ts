import { useMemo } from 'react';
import { useFormat } from '../../format.ts';

/** A number formatter that stays the same object while the language does (safe in memo and effect deps). */
export function useNumber(): (value: number) => string {
  const { locale } = useFormat();
  return useMemo(() => {
    const format = new Intl.NumberFormat(locale);
    return (value: number) => format.format(value);
  }, [locale]);
}
