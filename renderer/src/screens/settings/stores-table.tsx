import { useTranslation } from 'react-i18next';
import { useFormat } from '../../format.ts';
import { useDurationText } from '../journeys/duration-text.ts';
import type { FieldErrors, StoreRow } from './settings-form.ts';
import { ZoneInput } from './zone-input.tsx';

export interface StoreData {
  rows: number;
  lagP95Ms: number | null;
}

/** Each store's name and time zone; stores seen in imported data are listed with their measured upload lag. */
export function StoresTable({ stores, data, errors, onChange, defaultZone }: {
  stores: StoreRow[];
  data: ReadonlyMap<string, StoreData>;
  errors: FieldErrors;
  onChange(stores: StoreRow[]): void;
  defaultZone: string;
}) {
  const { t } = useTranslation('settings');
  const format = useFormat();
  const duration = useDurationText();
  const change = (key: string, patch: Partial<StoreRow>) => onChange(stores.map((store) => (store.key === key ? { ...store, ...patch } : store)));
  const errorText = (key: string) => {
    const error = errors[key];
    return error ? t(error.key, error.values ?? {}) : null;
  };
  return (
    <>
      {stores.length === 0 ? <p className="muted">{t('stores.empty')}</p> : (
        <table className="table stores-table">
          <caption className="visually-hidden">{t('stores.title')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('stores.id')}</th>
              <th scope="col">{t('stores.name')}</th>
              <th scope="col">{t('stores.zone')}</th>
              <th scope="col" className="number">{t('stores.lag')}</th>
              <th scope="col" className="number">{t('stores.rows')}</th>
              <th scope="col" aria-label={t('stores.actions')} />
            </tr>
          </thead>
          <tbody>
            {stores.map((store) => {
              const idError = errorText(`store.${store.key}.id`);
              const zoneError = errorText(`store.${store.key}.tz`);
              const info = data.get(store.store_id.trim());
              const name = store.store_id.trim() || t('stores.newStore');
              return (
                <tr key={store.key}>
                  <th scope="row">
                    {store.added ? (
                      <>
                        <input value={store.store_id} aria-label={t('stores.idOf')} aria-invalid={idError ? true : undefined}
                          aria-describedby={idError ? `${store.key}-id-error` : undefined} onChange={(event) => change(store.key, { store_id: event.target.value })} />
                        {idError && <span id={`${store.key}-id-error`} className="field-error">{idError}</span>}
                      </>
                    ) : store.store_id}
                  </th>
                  <td><input value={store.name} aria-label={t('stores.nameOf', { store: name })} onChange={(event) => change(store.key, { name: event.target.value })} /></td>
                  <td>
                    <ZoneInput value={store.tz} label={t('stores.zoneOf', { store: name })} invalid={zoneError !== null} placeholder={defaultZone}
                      describedBy={zoneError ? `${store.key}-tz-error` : undefined} onChange={(tz) => change(store.key, { tz })} />
                    {zoneError && <span id={`${store.key}-tz-error`} className="field-error" role="alert">{zoneError}</span>}
                  </td>
                  <td className="number">{info?.lagP95Ms != null ? duration(Math.ceil(info.lagP95Ms / 3_600_000) * 3_600_000) : '—'}</td>
                  <td className="number">{info ? format.number(info.rows) : '—'}</td>
                  <td>
                    {(store.configured || store.added) && (
                      <button type="button" className="link danger-link" aria-label={t('stores.removeOf', { store: name })}
                        onClick={() => onChange(stores.filter((item) => item.key !== store.key))}>{t('stores.remove')}</button>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      <button type="button" onClick={() => onChange([...stores, { key: `n:${Date.now()}`, store_id: '', name: '', tz: '', configured: false, added: true }])}>
        {t('stores.add')}
      </button>
    </>
  );
}
