import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';

/**
 * The pattern zod's z.email() checks with (zod/v4/core regexes.email; a unit test keeps them equal).
 * Written out because importing it loads all of zod, a tenth of a second of every command-line import.
 */
export const EMAIL_PATTERN = /^(?:[A-Za-z0-9_'+\-]+\.)*[A-Za-z0-9_'+\-]*[A-Za-z0-9_+-]@(?:[A-Za-z0-9][A-Za-z0-9\-]*\.)+[A-Za-z]{2,}$/;

export function normalizeEmail(text: string): string | null {
  const value = text.trim();
  return value.length <= 254 && EMAIL_PATTERN.test(value) ? value : null;
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
