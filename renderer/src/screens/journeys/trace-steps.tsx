import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { JourneyDefinition } from '../../../../shared/journey/definition.ts';
import { useFormat } from '../../format.ts';
import { useNodeText } from './node-text.ts';
import { useTraceText } from './trace-text.ts';

/** One customer's way through the journey, step by step. */
export function TraceSteps({ steps, definition, label }: { steps: ReadonlyArray<{ at: string; node: string; what: string }>; definition: JourneyDefinition; label: string }) {
  const { t } = useTranslation('journeys');
  const format = useFormat();
  const text = useNodeText();
  const describe = useTraceText();
  const labels = useMemo(() => new Map(definition.nodes.map((node) => [node.id, text.label(node)])), [definition, text]);
  return (
    <ol className="trace" aria-label={label}>
      {steps.map((step, index) => (
        <li key={index}>
          <time className="trace-at" dateTime={step.at}>{format.dateTime(step.at)}</time>
          <span className="trace-node">{labels.get(step.node) ?? (['goal', 'exit', 'end'].includes(step.node) ? t(`trace.node.${step.node}`) : step.node)}</span>
          <span className="trace-what">{describe(step.what)}</span>
        </li>
      ))}
    </ol>
  );
}
