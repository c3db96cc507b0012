import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import type { JourneyDefinition } from '../../../../shared/journey/definition.ts';
import { ceilToHours } from '../../../../shared/journey/duration.ts';
import type { CheckWarning } from '../../../../shared/journey/journey-check.ts';
import { useDurationText } from './duration-text.ts';
import { useNodeText } from './node-text.ts';

export interface WarningText {
  title: string;
  message: string;
  fix: string | null;
}

/**
 * The journey check speaks English (it is shared with the command line); the UI says the same thing in
 * the user's language, from the warning's code and the journey itself.
 */
export function useWarningText(): (warning: CheckWarning, definition: JourneyDefinition, lagMs: number) => WarningText {
  const { t } = useTranslation('journeys');
  const duration = useDurationText();
  const text = useNodeText();
  return useCallback((warning, definition, lagMs) => {
    const node = definition.nodes.find((item) => item.id === warning.node);
    const lag = duration(ceilToHours(lagMs));
    const operation = warning.fix?.operations[0];
    const base = { lag, every: duration(definition.reevaluate_every) };
    let values: Record<string, string> = base;
    if (node?.type === 'wait_for') {
      values = { ...base, event: text.event(node.event), timeout: duration(node.timeout), grace: node.grace ? duration(node.grace) : '' };
    } else if (node?.type === 'entry_past' && operation?.op === 'set') {
      const count = node.segment.events[Number(operation.path[2])];
      values = { ...base, event: count ? text.event(count.event) : '', window: count ? duration(count.in_last) : '' };
    } else if (node?.type === 'entry_event') {
      values = { ...base, event: text.event(node.event) };
    }
    const key = warning.code === 'wait_without_grace' && node?.type === 'wait_for' && node.grace ? 'wait_short_grace' : warning.code;
    return {
      title: t(`check.${key}.title`, values),
      message: t(`check.${key}.message`, values),
      fix: warning.fix ? t(`check.${warning.code}.fix`, values) : null,
    };
  }, [duration, t, text]);
}
