// Stores give a time zone; phone numbers need a country. These zones each name one country.
const zoneCountries: ReadonlyMap<string, string> = new Map([
  ['Asia/Tokyo', 'JP'], ['Asia/Taipei', 'TW'], ['Asia/Hong_Kong', 'HK'], ['Asia/Macau', 'MO'], ['Asia/Shanghai', 'CN'],
  ['Asia/Singapore', 'SG'], ['Asia/Seoul', 'KR'], ['Asia/Bangkok', 'TH'], ['Asia/Kuala_Lumpur', 'MY'], ['Asia/Manila', 'PH'],
  ['Asia/Jakarta', 'ID'], ['Asia/Ho_Chi_Minh', 'VN'], ['Asia/Kolkata', 'IN'], ['Asia/Dubai', 'AE'],
  ['Australia/Sydney', 'AU'], ['Australia/Melbourne', 'AU'], ['Pacific/Auckland', 'NZ'],
  ['Europe/London', 'GB'], ['Europe/Paris', 'FR'], ['Europe/Berlin', 'DE'], ['Europe/Madrid', 'ES'], ['Europe/Rome', 'IT'],
  ['America/New_York', 'US'], ['America/Chicago', 'US'], ['America/Denver', 'US'], ['America/Los_Angeles', 'US'],
  ['America/Toronto', 'CA'], ['America/Vancouver', 'CA'],
]);

export function countryOfZone(zone: string | undefined): string | undefined {
  return zone === undefined ? undefined : zoneCountries.get(zone);
}
