import { useState } from 'react';
import type { MethodOutput } from '../../../../shared/contract/methods.ts';
import { api } from '../../api.ts';
import { errorMessage } from '../../hooks/use-api.ts';

type Preview = MethodOutput<'batches.rollbackPreview'>;
type Done = MethodOutput<'batches.rollback'>;

/** Undo in two steps: ask the core what would go (for the question), then do it. */
export function useUndoBatch(id: number) {
  const [preview, setPreview] = useState<Preview | null>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<Done | null>(null);
  const [error, setError] = useState<string | null>(null);
  return {
    preview, busy, done, error,
    async ask() {
      setError(null);
      setDone(null);
      setBusy(true);
      try {
        setPreview(await api.call('batches.rollbackPreview', { id }));
      } catch (failure) {
        setError(errorMessage(failure));
      } finally {
        setBusy(false);
      }
    },
    dismiss: () => setPreview(null),
    async confirm() {
      // The user read that the platform keeps what was sent (and could not be deleted there): undo here only.
      const localOnly = preview !== null && preview.upstream.pushed > 0 && !preview.upstream.can_delete;
      setPreview(null);
      setBusy(true);
      try {
        setDone(await api.call('batches.rollback', { id, localOnly }));
      } catch (failure) {
        setError(errorMessage(failure));
      } finally {
        setBusy(false);
      }
    },
  };
}
