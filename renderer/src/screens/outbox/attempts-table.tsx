import { useTranslation } from 'react-i18next';
import type { MethodOutput } from '../../../../shared/contract/methods.ts';
import { useFormat } from '../../format.ts';

type Attempt = MethodOutput<'outbox.attempts'>['attempts'][number];

/** Every time the message was handed to the provider, and what the provider answered. */
export function AttemptsTable({ attempts }: { attempts: readonly Attempt[] }) {
  const { t } = useTranslation('outbox');
  const format = useFormat();
  // "interrupted" is the core's word for an attempt the app died during: said in the UI's language.
  const answer = (attempt: Attempt) => (attempt.error === 'interrupted' ? t('details.interrupted')
    : attempt.error ?? (attempt.provider_id ? t('details.providerId', { id: attempt.provider_id }) : '—'));
  if (attempts.length === 0) return <p className="muted">{t('details.noAttempts')}</p>;
  return (
    <table className="table attempts-table">
      <caption className="visually-hidden">{t('details.attempts')}</caption>
      <thead>
        <tr>
          <th scope="col" className="number">#</th>
          <th scope="col">{t('details.started')}</th>
          <th scope="col">{t('details.outcome')}</th>
          <th scope="col">{t('details.answer')}</th>
        </tr>
      </thead>
      <tbody>
        {attempts.map((attempt, index) => (
          <tr key={attempt.started_at + String(index)}>
            <td className="number">{index + 1}</td>
            <td className="nowrap">{format.dateTime(attempt.started_at)}</td>
            <td><span className={`badge attempt-${attempt.outcome ?? 'pending'}`}>{t(`attemptOutcome.${attempt.outcome ?? 'pending'}`, { defaultValue: attempt.outcome ?? '' })}</span></td>
            <td className="attempt-answer">{answer(attempt)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
