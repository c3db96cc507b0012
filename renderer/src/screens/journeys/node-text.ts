import { useCallback, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { EventCondition, JourneyNode, NodeType, Predicate, Segment } from '../../../../shared/journey/definition.ts';
import { useDurationText } from './duration-text.ts';

const opSymbols: Partial<Record<Predicate['op'], string>> = { eq: '=', ne: '≠', gt: '>', gte: '≥', lt: '<', lte: '≤' };
const knownEvents = new Set(['offline_purchase', 'email_open', 'membership_registered', 'page_view', 'purchase']);

export interface NodeText {
  typeName(type: NodeType): string;
  /** The node's own label, else its kind. */
  label(node: JourneyNode): string;
  /** One line with the node's key settings. */
  summary(node: JourneyNode): string;
  event(condition: EventCondition): string;
  eventName(name: string): string;
  path(path: string): string;
}

/** How nodes, events and paths read in the UI language; labels the marketer typed are shown as typed. */
export function useNodeText(): NodeText {
  const { t } = useTranslation('journeys');
  const duration = useDurationText();

  const eventName = useCallback((name: string) => (knownEvents.has(name) ? t(`event.${name}`) : name), [t]);

  const predicateText = useCallback((predicate: Predicate): string => {
    const value = Array.isArray(predicate.value) ? predicate.value.join(', ') : String(predicate.value ?? '');
    const symbol = opSymbols[predicate.op];
    if (symbol) return `${predicate.key} ${symbol} ${value}`;
    return t(`op.${predicate.op}`, { key: predicate.key, value });
  }, [t]);

  const event = useCallback((condition: EventCondition) => {
    const params = condition.params.map((predicate) => predicateText(predicate));
    const where = condition.is_offline === true && condition.name !== 'offline_purchase' ? t('event.inStore') : condition.is_offline === false ? t('event.onlineOnly') : '';
    return [eventName(condition.name), where, ...params].filter(Boolean).join(' · ');
  }, [eventName, predicateText, t]);

  const segment = useCallback((value: Segment) => [
    ...value.attributes.map(predicateText),
    ...value.events.map((count) => t('segment.count', {
      event: event(count.event), op: opSymbols[count.count.op] ?? count.count.op, count: count.count.value, window: duration(count.in_last),
    })),
  ].join(' · ') || t('segment.everyone'), [duration, event, predicateText, t]);

  return useMemo(() => ({
    typeName: (type) => t(`nodeType.${type}`),
    label: (node) => node.label?.trim() || t(`nodeType.${node.type}`),
    summary: (node) => {
      switch (node.type) {
        case 'entry_past': return segment(node.segment);
        case 'entry_event': return event(node.event);
        case 'wait_for': return node.grace
          ? t('summary.waitGrace', { event: event(node.event), timeout: duration(node.timeout), grace: duration(node.grace) })
          : t('summary.wait', { event: event(node.event), timeout: duration(node.timeout) });
        case 'check': return segment(node.condition);
        case 'delay': return node.until ? t('summary.until', { time: node.until }) : t('summary.delay', { duration: duration(node.duration) });
        case 'email_opened': return t('summary.opened', { timeout: duration(node.timeout) });
        case 'send_email': return node.subject ?? node.template ?? '';
        default: return node.body ?? node.template ?? '';
      }
    },
    event,
    eventName,
    path: (path) => t(`path.${path}`),
  }), [duration, event, eventName, segment, t]);
}
