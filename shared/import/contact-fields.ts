import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';
import { z } from 'zod';

const emailSchema = z.email();

export function normalizeEmail(text: string): string | null {
  const value = text.trim();
  return value.length <= 254 && emailSchema.safeParse(value).success ? value : null;
}

/**
 * E.164 when a country can be derived (an explicit `+` or the store's country); without a country
 * the number is kept as written, since guessing one would invent data. Invalid numbers → null.
 */
export function normalizePhone(text: string, country: string | undefined): string | null {
  const value = text.trim().normalize('NFKC');
  if (!/^[+0-9()\-\s.]{4,32}$/.test(value)) return null;
  if (!value.startsWith('+') && country === undefined) return value;
  const parsed = parsePhoneNumberFromString(value, country as CountryCode | undefined);
  return parsed?.isValid() ? parsed.number : null;
}
