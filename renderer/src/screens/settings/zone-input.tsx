import { timeZones } from './time-zones.ts';

export const ZONE_LIST_ID = 'settings-time-zones';

/** The suggestions every zone field offers (one list for the whole form). */
export function ZoneList() {
  return (
    <datalist id={ZONE_LIST_ID}>
      {timeZones().map((zone) => <option key={zone} value={zone} />)}
    </datalist>
  );
}

/** A time zone typed or picked from the list; checked against the zones the runtime knows. */
export function ZoneInput({ id, value, onChange, invalid, describedBy, placeholder, label }: {
  id?: string;
  value: string;
  onChange(value: string): void;
  invalid: boolean;
  describedBy?: string;
  placeholder?: string;
  label?: string;
}) {
  return (
    <input id={id} list={ZONE_LIST_ID} value={value} autoComplete="off" spellCheck={false} placeholder={placeholder} aria-label={label}
      aria-invalid={invalid || undefined} aria-describedby={describedBy} onChange={(event) => onChange(event.target.value)} />
  );
}
