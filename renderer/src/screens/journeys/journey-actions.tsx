import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { JourneyRecordDto } from '../../../../shared/contract/schemas.ts';
import { api } from '../../api.ts';
import { ConfirmDialog } from '../../components/confirm-dialog.tsx';
import { errorMessage } from '../../hooks/use-api.ts';

type Action = 'activate' | 'pause' | 'stop';

/** Activate (or resume), pause, stop — stop ends every run for good, so it asks first; so does going live. */
export function JourneyActions({ record, dirty, onChanged, onError }: {
  record: JourneyRecordDto;
  dirty: boolean;
  onChanged(record: JourneyRecordDto): void;
  onError(message: string | null): void;
}) {
  const { t } = useTranslation('journeys');
  const [asking, setAsking] = useState<Action | null>(null);
  const [busy, setBusy] = useState(false);

  const perform = async (action: Action) => {
    setAsking(null);
    setBusy(true);
    onError(null);
    try {
      const method = action === 'activate' ? 'journeys.activate' : action === 'pause' ? 'journeys.pause' : 'journeys.stop';
      onChanged(await api.call(method, { id: record.id }));
    } catch (failure) {
      onError(errorMessage(failure));
    } finally {
      setBusy(false);
    }
  };

  const state = record.state;
  return (
    <div className="journey-actions">
      {(state === 'draft' || state === 'paused') && (
        <button type="button" className="primary" disabled={busy || dirty} title={dirty ? t('actions.saveFirst') : undefined}
          onClick={() => (state === 'draft' ? setAsking('activate') : void perform('activate'))}>
          {state === 'draft' ? t('actions.activate') : t('actions.resume')}
        </button>
      )}
      {state === 'active' && <button type="button" disabled={busy} onClick={() => void perform('pause')}>{t('actions.pause')}</button>}
      {(state === 'active' || state === 'paused') && <button type="button" className="danger-outline" disabled={busy} onClick={() => setAsking('stop')}>{t('actions.stop')}</button>}
      {asking === 'activate' && (
        <ConfirmDialog title={t('actions.activateTitle', { name: record.name })} confirmLabel={t('actions.activate')} onConfirm={() => void perform('activate')} onCancel={() => setAsking(null)}>
          <p>{t('actions.activateBody')}</p>
        </ConfirmDialog>
      )}
      {asking === 'stop' && (
        <ConfirmDialog title={t('actions.stopTitle', { name: record.name })} confirmLabel={t('actions.stop')} danger onConfirm={() => void perform('stop')} onCancel={() => setAsking(null)}>
          <p>{t('actions.stopBody')}</p>
        </ConfirmDialog>
      )}
    </div>
  );
}
