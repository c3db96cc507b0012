import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api.ts';
import { ErrorMessage } from '../../components/error-message.tsx';
import type { ChannelStatus } from './channel-state.tsx';
import { coreProblem } from './core-errors.ts';
import { FormField } from './form-field.tsx';

/** One test message through the saved settings: when the provider takes it, the channel goes live. */
export function TestMessage({ channel, name, status, dirty }: { channel: 'email' | 'sms'; name: string; status: ChannelStatus; dirty: boolean }) {
  const { t } = useTranslation('settings');
  const id = useId();
  const [to, setTo] = useState('');
  const [sending, setSending] = useState(false);
  const [result, setResult] = useState<{ ok: boolean; text: string; title?: string } | null>(null);
  const ready = status.configured && !dirty;

  const send = async (event: FormEvent) => {
    event.preventDefault();
    if (to.trim().length < 3) {
      setResult({ ok: false, text: t(`channels.test.needTo.${channel}`) });
      return;
    }
    setSending(true);
    setResult(null);
    try {
      const answer = await api.call('channels.test', { channel, to: to.trim() });
      setResult(answer.ok
        ? { ok: true, text: t('channels.test.ok', { channel: name }), ...(answer.provider_id ? { title: t('channels.test.providerId', { id: answer.provider_id }) } : {}) }
        : { ok: false, text: t('channels.test.failed', { outcome: t(`channels.outcome.${answer.outcome}`, { defaultValue: answer.outcome }), error: answer.error ?? '' }) });
    } catch (failure) {
      const problem = coreProblem(failure);
      setResult({ ok: false, text: t(`channels.test.problem.${problem.code}`, { defaultValue: problem.message, to: to.trim() }) });
    } finally {
      setSending(false);
    }
  };

  return (
    <form className="test-message" onSubmit={(event) => void send(event)} noValidate aria-labelledby={`${id}-title`}>
      <h4 id={`${id}-title`}>{t('channels.test.title')}</h4>
      <p className="field-hint">{!status.configured ? t('channels.test.saveFirst') : dirty ? t('channels.test.saveChanges') : t('channels.test.hint', { channel: name })}</p>
      <div className="settings-row test-row">
        <FormField label={t(`channels.test.to.${channel}`)}>
          {(control) => (
            <input {...control} type={channel === 'email' ? 'email' : 'tel'} value={to} autoComplete="off" placeholder={t(`channels.test.placeholder.${channel}`)}
              onChange={(event) => { setTo(event.target.value); setResult(null); }} />
          )}
        </FormField>
        <button type="submit" disabled={!ready || sending}>{sending ? t('channels.test.sending') : t('channels.test.send')}</button>
      </div>
      {result && (result.ok ? <p className="notice" role="status" title={result.title}>{result.text}</p> : <ErrorMessage message={result.text} />)}
    </form>
  );
}
