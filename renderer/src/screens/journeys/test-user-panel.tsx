import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { MethodOutput } from '../../../../shared/contract/methods.ts';
import type { JourneyDefinition } from '../../../../shared/journey/definition.ts';
import { api } from '../../api.ts';
import { ErrorMessage } from '../../components/error-message.tsx';
import { useFormat } from '../../format.ts';
import { errorMessage } from '../../hooks/use-api.ts';
import { MessageStatus } from '../outbox/message-status.tsx';
import { DurationField } from './duration-field.tsx';
import { useNodeText } from './node-text.ts';
import { TraceSteps } from './trace-steps.tsx';

type TestResult = MethodOutput<'journeys.test'>;

/** AIQUA's journey test: one customer through the saved journey now, every wait shortened; nothing is stored or sent. */
export function TestUserPanel({ journeyId, definition, unsaved, onPath }: {
  journeyId: number;
  definition: JourneyDefinition;
  unsaved: boolean;
  onPath(path: string[] | null): void;
}) {
  const { t } = useTranslation(['journeys', 'common']);
  const format = useFormat();
  const text = useNodeText();
  const id = useId();
  const [userId, setUserId] = useState('');
  const [wait, setWait] = useState<string | undefined>('PT1M');
  const [opened, setOpened] = useState(false);
  const [running, setRunning] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<TestResult | null>(null);
  const labels = new Map(definition.nodes.map((node) => [node.id, text.label(node)]));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!userId.trim() || !wait) return;
    setRunning(true);
    setError(null);
    try {
      const output = await api.call('journeys.test', { id: journeyId, userId: userId.trim(), wait, opened });
      setResult(output);
      onPath(output.path);
    } catch (failure) {
      setError(errorMessage(failure));
      onPath(null);
    } finally {
      setRunning(false);
    }
  };

  return (
    <div className="test-panel">
      <form className="preview-form" onSubmit={(event) => void submit(event)} aria-label={t('test.form')}>
        <div className="field">
          <label htmlFor={`${id}-user`}>{t('test.user')}</label>
          <input id={`${id}-user`} value={userId} onChange={(event) => setUserId(event.target.value)} placeholder="M100001" />
        </div>
        <DurationField label={t('test.wait')} value={wait} onChange={setWait} fallbackUnit="minute" />
        <label className="check">
          <input type="checkbox" checked={opened} onChange={(event) => setOpened(event.target.checked)} />
          <span>{t('test.opened')}</span>
        </label>
        <button type="submit" className="primary" disabled={running || !userId.trim() || !wait}>{running ? t('test.running') : t('test.run')}</button>
        {unsaved && <p className="muted small form-note">{t('test.savedVersion')}</p>}
      </form>
      <ErrorMessage message={error} />
      {result && (
        <div className="test-result" aria-live="polite">
          <p>
            <strong>{result.user_id}</strong>{' '}
            <span className={`badge run-${result.status.replace(/\s+/g, '_')}`}>{t(`test.status.${result.status.replace(/\s+/g, '_')}`, { defaultValue: result.status })}</span>
          </p>
          <ol className="path" aria-label={t('test.path')}>
            {result.path.map((node, index) => <li key={`${node}-${index}`}><span className="path-step">{labels.get(node) ?? node}</span></li>)}
          </ol>
          {result.messages.length > 0 && (
            <table className="table">
              <caption className="visually-hidden">{t('test.messages')}</caption>
              <thead><tr><th scope="col">{t('schedule.time')}</th><th scope="col">{t('schedule.node')}</th><th scope="col">{t('schedule.channel')}</th><th scope="col">{t('schedule.status')}</th></tr></thead>
              <tbody>
                {result.messages.map((message, index) => (
                  <tr key={index}>
                    <td>{format.dateTime(message.at)}</td>
                    <td>{labels.get(message.node) ?? message.node}</td>
                    <td>{t(`common:channel.${message.channel}`, { defaultValue: message.channel })}</td>
                    <td><MessageStatus status={message.status} reason={message.reason} /></td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <TraceSteps steps={result.trace} definition={definition} label={t('test.trace')} />
        </div>
      )}
    </div>
  );
}
