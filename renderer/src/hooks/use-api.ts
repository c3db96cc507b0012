import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiCallError } from '../../../shared/contract/client.ts';
import type { EventPayload } from '../../../shared/contract/events.ts';
import { api } from '../api.ts';

export function errorMessage(error: unknown): string {
  if (error instanceof ApiCallError) return error.error.message;
  return error instanceof Error ? error.message : String(error);
}

/** Loads data, reloads when asked or when the core says that kind of data changed. */
export function useLoad<T>(load: () => Promise<T>, deps: readonly unknown[], changes: ReadonlyArray<EventPayload<'data.changed'>['what']> = []) {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const latest = useRef(0);
  const reload = useCallback(() => {
    const call = ++latest.current;
    setLoading(true);
    load().then((value) => {
      if (call !== latest.current) return;
      setData(value);
      setError(null);
    }, (failure: unknown) => {
      if (call === latest.current) setError(errorMessage(failure));
    }).finally(() => {
      if (call === latest.current) setLoading(false);
    });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, deps);
  useEffect(() => reload(), [reload]);
  useEffect(() => {
    if (changes.length === 0) return undefined;
    return api.on('data.changed', (payload) => {
      if (changes.includes(payload.what)) reload();
    });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [reload, changes.join(',')]);
  return { data, error, loading, reload, setData };
}
