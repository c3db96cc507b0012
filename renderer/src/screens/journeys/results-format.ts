import { useMemo } from 'react';
import { useFormat } from '../../format.ts';

export interface ResultsFormat {
  number(value: number): string;
  /** A rate (0..1) as a percentage; a dash when there is none. */
  rate(value: number | null): string;
  /** Money as the store's registers write it: no currency sign (the report does not know it), up to two decimals. */
  money(value: number | null): string;
  /** A difference of rates in percentage points, always signed: "+3.2 pts". */
  points(value: number): string;
  /** A signed relative change: "+25%". */
  relative(value: number | null): string;
  signedMoney(value: number | null): string;
}

/** Numbers of the results tab in the UI's language. */
export function useResultsFormat(pointsUnit: string): ResultsFormat {
  const { locale } = useFormat();
  return useMemo(() => {
    const whole = new Intl.NumberFormat(locale);
    const whole2 = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
    const cents = new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
    // Whole amounts as whole numbers (yen), anything else with both decimals: 1,112.50, never 1,112.5.
    const moneyFormat = (value: number) => (Number.isInteger(value) ? whole2 : cents).format(value);
    const signedMoney = new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2, signDisplay: 'exceptZero' });
    const percent = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 });
    const signedPercent = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1, signDisplay: 'exceptZero' });
    const signedPoints = new Intl.NumberFormat(locale, { maximumFractionDigits: 1, minimumFractionDigits: 1, signDisplay: 'exceptZero' });
    return {
      number: (value) => whole.format(value),
      rate: (value) => (value === null ? '—' : percent.format(value)),
      money: (value) => (value === null ? '—' : moneyFormat(value)),
      points: (value) => `${signedPoints.format(value * 100)} ${pointsUnit}`,
      relative: (value) => (value === null ? '—' : signedPercent.format(value)),
      signedMoney: (value) => (value === null ? '—' : signedMoney.format(value)),
    };
  }, [locale, pointsUnit]);
}
