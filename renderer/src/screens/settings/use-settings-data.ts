import { useMemo } from 'react';
import { api } from '../../api.ts';
import { useLoad } from '../../hooks/use-api.ts';
import type { StoreData } from './stores-table.tsx';

/** The saved settings, and the stores seen in imported data with their measured upload lag. */
export function useSettingsData() {
  const settings = useLoad(() => api.call('settings.get', {}), [], ['settings']);
  const stats = useLoad(() => api.call('quality.stats', {}), [], ['batches']);
  const stores = useMemo(() => new Map<string, StoreData>((stats.data?.stores ?? []).filter((store) => store.store !== '(none)').map((store) => [store.store, { rows: store.rows, lagP95Ms: store.lag_p95_ms }])), [stats.data]);
  return { settings, stats, stores };
}
