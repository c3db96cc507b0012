import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BackupFileDto } from '../../../../shared/contract/data-safety.ts';
import type { MethodOutput } from '../../../../shared/contract/methods.ts';
import { api } from '../../api.ts';
import { useFormat } from '../../format.ts';
import { errorMessage } from '../../hooks/use-api.ts';
import { formatBytes } from '../settings/format-bytes.ts';

type Check = MethodOutput<'backups.verify'>;

/** The backups in the folder, newest first, each with Verify (a full integrity check) and Restore. */
export function BackupsTable({ backups, onRestore }: { backups: readonly BackupFileDto[]; onRestore(backup: BackupFileDto): void }) {
  const { t } = useTranslation('data');
  const format = useFormat();
  const [checks, setChecks] = useState<Record<string, Check | { error: string } | 'checking'>>({});
  if (backups.length === 0) return <p className="muted">{t('backups.empty')}</p>;

  const verify = async (backup: BackupFileDto) => {
    setChecks((current) => ({ ...current, [backup.name]: 'checking' }));
    try {
      const check = await api.call('backups.verify', { name: backup.name });
      setChecks((current) => ({ ...current, [backup.name]: check }));
    } catch (failure) {
      setChecks((current) => ({ ...current, [backup.name]: { error: errorMessage(failure) } }));
    }
  };
  const outcome = (name: string) => {
    const check = checks[name];
    if (check === undefined) return null;
    if (check === 'checking') return <span className="muted" role="status">{t('backups.checking')}</span>;
    if ('error' in check) return <span className="check-bad" role="status">{check.error}</span>;
    return check.ok
      ? <span className="check-ok" role="status">{t('backups.verifiedOk', { events: format.number(check.events ?? 0), users: format.number(check.users ?? 0), batches: format.number(check.batches ?? 0) })}</span>
      : <span className="check-bad" role="status">{t('backups.verifiedBad', { problem: check.problem ?? check.integrity })}</span>;
  };

  return (
    <table className="table backups-table">
      <caption className="visually-hidden">{t('backups.list')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('backups.created')}</th>
          <th scope="col">{t('backups.kind')}</th>
          <th scope="col" className="number">{t('backups.size')}</th>
          <th scope="col">{t('backups.actions')}</th>
        </tr>
      </thead>
      <tbody>
        {backups.map((backup) => {
          const date = format.dateTime(backup.created_at);
          return (
            <tr key={backup.name}>
              <th scope="row" className="nowrap" title={backup.name}>{date}</th>
              <td className="nowrap">{t(`backups.kinds.${backup.kind}`)}</td>
              <td className="number nowrap">{formatBytes(backup.bytes, format.locale)}</td>
              <td className="backup-actions">
                <button type="button" className="link" aria-label={t('backups.verifyOf', { date })} disabled={checks[backup.name] === 'checking'} onClick={() => void verify(backup)}>{t('backups.verify')}</button>
                <button type="button" className="link danger-link" aria-label={t('backups.restoreOf', { date })} onClick={() => onRestore(backup)}>{t('backups.restore')}</button>
                {outcome(backup.name)}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
