import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BackupFileDto } from '../../../../shared/contract/data-safety.ts';
import type { MethodOutput } from '../../../../shared/contract/methods.ts';
import { api } from '../../api.ts';
import { ConfirmDialog } from '../../components/confirm-dialog.tsx';
import { Dialog } from '../../components/dialog.tsx';
import { ErrorMessage } from '../../components/error-message.tsx';
import { useFormat } from '../../format.ts';
import { errorMessage } from '../../hooks/use-api.ts';

export type RestoreTarget = { backup: BackupFileDto } | { path: string; file: string };
type Preview = MethodOutput<'backups.restorePreview'>;
export type Restored = MethodOutput<'backups.restore'>;

/**
 * Restoring, in two steps: the core checks the backup and says what it holds and what it replaces, and
 * where the current data is saved first; only a confirmation restores it.
 */
export function RestoreDialog({ target, onDone, onCancel }: { target: RestoreTarget; onDone(result: Restored): void; onCancel(): void }) {
  const { t } = useTranslation('data');
  const format = useFormat();
  const [preview, setPreview] = useState<Preview | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const ref = 'backup' in target ? { name: target.backup.name } : { path: target.path };
  const refKey = JSON.stringify(ref);

  useEffect(() => {
    let live = true;
    api.call('backups.restorePreview', JSON.parse(refKey) as typeof ref).then((value) => {
      if (live) setPreview(value);
    }, (failure: unknown) => {
      if (live) setError(errorMessage(failure));
    });
    return () => {
      live = false;
    };
  }, [refKey]);

  const restore = async () => {
    setBusy(true);
    setError(null);
    try {
      onDone(await api.call('backups.restore', ref));
    } catch (failure) {
      setError(errorMessage(failure));
      setBusy(false);
    }
  };

  if (!preview || busy) {
    return (
      <Dialog title={t('restore.title')} onClose={onCancel}>
        {error ? <ErrorMessage message={error} /> : <p className="muted" role="status">{busy ? t('restore.restoring') : t('restore.checking')}</p>}
      </Dialog>
    );
  }
  const { check, replaces } = preview;
  return (
    <ConfirmDialog title={t('restore.title')} confirmLabel={t('restore.confirm')} danger onCancel={onCancel} onConfirm={() => void restore()}>
      <p className="restore-source">
        {'backup' in target
          ? t('restore.from', { date: format.dateTime(target.backup.created_at), kind: t(`backups.kinds.${target.backup.kind}`) })
          : t('restore.fromFile', { file: target.file })}
      </p>
      <p>{t('restore.brings', { events: format.number(check.events ?? 0), users: format.number(check.users ?? 0), batches: format.number(check.batches ?? 0) })}</p>
      <p className="restore-replaces">{t('restore.replaces', { events: format.number(replaces.events), users: format.number(replaces.users), batches: format.number(replaces.batches), messages: format.number(replaces.messages) })}</p>
      <p>{t('restore.first', { folder: preview.backup_first_to })}</p>
      <p className="muted">{t('restore.kept')}</p>
    </ConfirmDialog>
  );
}
