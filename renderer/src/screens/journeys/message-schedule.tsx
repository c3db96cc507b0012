import { useCallback, useMemo, type CSSProperties } from 'react';
import { useTranslation } from 'react-i18next';
import type { PreviewResultDto } from '../../../../shared/contract/schemas.ts';
import type { JourneyDefinition } from '../../../../shared/journey/definition.ts';
import { PagedGrid, type GridColumn } from '../../components/paged-grid.tsx';
import { useFormat } from '../../format.ts';
import { MessageStatus } from '../outbox/message-status.tsx';
import { useElementWidth } from './use-element-width.ts';
import { useNodeText } from './node-text.ts';

type Message = PreviewResultDto['messages'][number];

/** Every message the preview would send, in time order; a customer's id opens their trace. */
export function MessageSchedule({ messages, definition, runKey, onTrace }: {
  messages: readonly Message[];
  definition: JourneyDefinition;
  runKey: string;
  onTrace(userId: string): void;
}) {
  const { t } = useTranslation(['journeys', 'common']);
  const format = useFormat();
  const text = useNodeText();
  const [ref, width] = useElementWidth<HTMLDivElement>();
  const rest = Math.max(380, width - 185 - 100 - 84 - 2);
  const labels = useMemo(() => new Map(definition.nodes.map((node) => [node.id, text.label(node)])), [definition, text]);
  const columns: GridColumn<Message>[] = [
    { key: 'at', header: t('schedule.time'), width: 185, render: (row) => format.dateTime(row.at) },
    {
      key: 'user', header: t('schedule.user'), width: 100,
      render: (row) => <button type="button" className="link" title={t('schedule.traceUser', { user: row.user_id })} onClick={() => onTrace(row.user_id)}>{row.user_id}</button>,
    },
    { key: 'channel', header: t('schedule.channel'), width: 84, render: (row) => t(`common:channel.${row.channel}`, { defaultValue: row.channel }) },
    { key: 'node', header: t('schedule.node'), width: Math.floor(rest * 0.5), render: (row) => <span title={labels.get(row.node) ?? row.node}>{labels.get(row.node) ?? row.node}</span> },
    { key: 'status', header: t('schedule.status'), width: rest - Math.floor(rest * 0.5), render: (row) => <MessageStatus status={row.status} reason={row.reason} /> },
  ];
  const fetchPage = useCallback((offset: number, limit: number) => Promise.resolve(messages.slice(offset, offset + limit)), [messages]);
  if (messages.length === 0) return <p className="muted">{t('schedule.empty')}</p>;
  return (
    <div ref={ref} className="schedule-grid" style={{ '--rows': Math.min(messages.length, 12) } as CSSProperties}>
      {width > 0 && <PagedGrid label={t('schedule.title')} total={messages.length} columns={columns} fetchPage={fetchPage} resetKey={runKey} />}
    </div>
  );
}
