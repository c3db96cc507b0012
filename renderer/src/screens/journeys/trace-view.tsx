import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { PreviewResultDto } from '../../../../shared/contract/schemas.ts';
import type { JourneyDefinition } from '../../../../shared/journey/definition.ts';
import { TraceSteps } from './trace-steps.tsx';

/** "Why did M100001 get an SMS?": pick a traced customer, or ask for another one. */
export function TraceView({ traces, definition, selected, onSelect, onTraceOther, running }: {
  traces: PreviewResultDto['traces'];
  definition: JourneyDefinition;
  selected: string | null;
  onSelect(userId: string): void;
  onTraceOther(userId: string): void;
  running: boolean;
}) {
  const { t } = useTranslation('journeys');
  const id = useId();
  const [other, setOther] = useState('');
  const users = Object.keys(traces);
  const current = selected !== null && traces[selected] ? selected : users[0] ?? null;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (other.trim()) onTraceOther(other.trim());
  };
  return (
    <section className="trace-view" aria-labelledby={`${id}-title`}>
      <h4 id={`${id}-title`}>{t('trace.title')}</h4>
      <div className="row">
        {users.length > 0 && (
          <div className="field">
            <label htmlFor={`${id}-user`}>{t('trace.customer')}</label>
            <select id={`${id}-user`} value={current ?? ''} onChange={(event) => onSelect(event.target.value)}>
              {users.map((user) => <option key={user} value={user}>{user}</option>)}
            </select>
          </div>
        )}
        <form className="row inline-form" onSubmit={submit}>
          <div className="field">
            <label htmlFor={`${id}-other`}>{t('trace.other')}</label>
            <input id={`${id}-other`} value={other} onChange={(event) => setOther(event.target.value)} placeholder="M100001" />
          </div>
          <button type="submit" disabled={running || other.trim() === ''}>{t('trace.show')}</button>
        </form>
      </div>
      {selected !== null && !traces[selected] && <p className="notice-warn" role="status">{t('trace.notEntered', { user: selected })}</p>}
      {current === null ? <p className="muted">{t('trace.none')}</p>
        : <TraceSteps steps={traces[current] ?? []} definition={definition} label={t('trace.stepsOf', { user: current })} />}
    </section>
  );
}
