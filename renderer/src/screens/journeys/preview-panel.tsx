import { useCallback, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MethodOutput } from '../../../../shared/contract/methods.ts';
import type { JourneyDefinition } from '../../../../shared/journey/definition.ts';
import { api } from '../../api.ts';
import { ErrorMessage } from '../../components/error-message.tsx';
import { useFormat } from '../../format.ts';
import { errorMessage } from '../../hooks/use-api.ts';
import { MessageSchedule } from './message-schedule.tsx';
import { PreviewForm } from './preview-form.tsx';
import { previewInput, type PreviewRequest } from './preview-request.ts';
import { GraceComparison, PreviewSummary } from './preview-summary.tsx';
import { TraceView } from './trace-view.tsx';

export type PreviewOutput = MethodOutput<'journeys.preview'>;

/** The local preview: assumptions in, counts (also on the map), the message schedule, traces and the grace comparison out. */
export function PreviewPanel({ journeyId, definition, disabledReason, result, onResult }: {
  /** The stored journey's id: the preview holds back the same control group as the engine. */
  journeyId: number;
  definition: JourneyDefinition;
  disabledReason: string | null;
  result: PreviewOutput | null;
  onResult(result: PreviewOutput | null): void;
}) {
  const { t } = useTranslation('journeys');
  const { zone } = useFormat();
  const id = useId();
  const [request, setRequest] = useState<PreviewRequest | null>(null);
  const [running, setRunning] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [traced, setTraced] = useState<string | null>(null);
  const [runs, setRuns] = useState(0);
  const [version, setVersion] = useState<'with' | 'without'>('with');

  const run = useCallback(async (next: PreviewRequest, traceUsers?: string[]) => {
    setRunning(true);
    setError(null);
    try {
      const output = await api.call('journeys.preview', { id: journeyId, definition, ...previewInput(next, zone), ...(traceUsers ? { traceUsers } : {}) });
      setRequest(next);
      setRuns((count) => count + 1);
      if (!output.without_grace) setVersion('with');
      onResult(output);
    } catch (failure) {
      setError(errorMessage(failure));
    } finally {
      setRunning(false);
    }
  }, [definition, journeyId, onResult, zone]);

  const trace = (userId: string) => {
    setTraced(userId);
    if (result && !result.with_grace.traces[userId] && request) void run(request, [userId]);
  };

  const shown = version === 'without' && result?.without_grace ? result.without_grace : result?.with_grace ?? null;
  return (
    <div className="preview-panel">
      <PreviewForm running={running} disabledReason={disabledReason} onRun={(next) => { setTraced(null); void run(next); }} />
      <ErrorMessage message={error} />
      {result && shown && (
        <div className="preview-results" aria-live="polite">
          <PreviewSummary result={result.with_grace} />
          {result.without_grace && <GraceComparison withGrace={result.with_grace} withoutGrace={result.without_grace} definition={definition} />}
          <section aria-labelledby={`${id}-schedule`}>
            <div className="section-head">
              <h4 id={`${id}-schedule`}>{t('schedule.title')}</h4>
              {result.without_grace && (
                <div className="segmented" role="radiogroup" aria-label={t('schedule.version')}>
                  {(['with', 'without'] as const).map((option) => (
                    <label key={option} className={version === option ? 'active' : undefined}>
                      <input type="radio" name={`${id}-version`} value={option} checked={version === option} onChange={() => setVersion(option)} />
                      <span>{option === 'with' ? t('compare.withGrace') : t('compare.withoutGrace')}</span>
                    </label>
                  ))}
                </div>
              )}
            </div>
            <MessageSchedule messages={shown.messages} definition={definition} runKey={`${runs}-${version}`} onTrace={trace} />
          </section>
          <TraceView traces={shown.traces} definition={definition} selected={traced} onSelect={setTraced} running={running}
            onTraceOther={(userId) => { setTraced(userId); if (request) void run(request, [userId]); }} />
        </div>
      )}
    </div>
  );
}
