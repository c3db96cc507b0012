import { useCallback, useMemo, type CSSProperties } from 'react';
import { useTranslation } from 'react-i18next';
import type { JourneyRecordDto } from '../../../../shared/contract/schemas.ts';
import type { MethodOutput } from '../../../../shared/contract/methods.ts';
import { api } from '../../api.ts';
import { PagedGrid, type GridColumn } from '../../components/paged-grid.tsx';
import { useFormat } from '../../format.ts';
import { useNodeText } from '../journeys/node-text.ts';
import { MessageStatus, useMessageStatusText } from './message-status.tsx';
import { filterInput, type OutboxFilter } from './outbox-filter.ts';
import { useElementWidth } from '../journeys/use-element-width.ts';

type Message = MethodOutput<'outbox.list'>['messages'][number];

/** The messages, paged from the core: a long outbox never lands in the window whole. */
export function OutboxGrid({ filter, total, journeys, resetKey, onOpen }: {
  filter: OutboxFilter;
  total: number;
  journeys: readonly JourneyRecordDto[];
  resetKey: string;
  /** A message's attempts and what can be done about it. */
  onOpen(message: Message, step: string): void;
}) {
  const { t } = useTranslation(['outbox', 'common']);
  const format = useFormat();
  const text = useNodeText();
  const statusText = useMessageStatusText();
  const [ref, width] = useElementWidth<HTMLDivElement>();
  const names = useMemo(() => new Map(journeys.map((journey) => [journey.id, {
    name: journey.name, labels: new Map(journey.definition.nodes.map((node) => [node.id, text.label(node)])),
  }])), [journeys, text]);

  const fetchPage = useCallback(async (offset: number, limit: number) => (await api.call('outbox.list', { ...filterInput(filter), offset, limit })).messages,
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [filter.journeyId, filter.userId, filter.status]);

  // Fixed columns for time, customer, channel and attempts; the journey's step and the status share what the window leaves.
  const fixed = 190 + 84 + 80 + 112;
  const rest = Math.max(318, width - fixed - 2);
  const stepText = (row: Message) => {
    const journey = names.get(row.journey_id);
    return `${journey?.labels.get(row.node) ?? row.node} · ${journey?.name ?? `#${row.journey_id}`}`;
  };
  const stepWidth = Math.floor(rest * 0.42);
  const columns: GridColumn<Message>[] = [
    { key: 'due', header: t('columns.due'), width: 190, render: (row) => <span title={row.sent_at ? t('sentAt', { at: format.dateTime(row.sent_at) }) : undefined}>{format.dateTime(row.due_at)}</span> },
    { key: 'user', header: t('columns.customer'), width: 84, render: (row) => <span title={row.user_id}>{row.user_id}</span> },
    { key: 'channel', header: t('columns.channel'), width: 80, render: (row) => t(`common:channel.${row.channel}`, { defaultValue: row.channel }) },
    { key: 'step', header: t('columns.step'), width: stepWidth, render: (row) => {
      const journey = names.get(row.journey_id);
      const label = journey?.labels.get(row.node) ?? row.node;
      const name = journey?.name ?? `#${row.journey_id}`;
      return <span title={`${label} · ${name}`}>{label}<span className="muted"> · {name}</span></span>;
    } },
    { key: 'status', header: t('columns.status'), width: rest - stepWidth, render: (row) => (
      <span title={[statusText(row.status, row.reason), row.status === 'unknown' ? t('unknownShort') : row.last_error].filter(Boolean).join(' — ')}>
        <MessageStatus status={row.status} reason={row.reason} dryRun={row.dry_run} />
        {row.status === 'unknown' ? <span className="message-error"> {t('unknownShort')}</span>
          : row.last_error && row.status !== 'sent' && row.status !== 'cancelled' && <span className="message-error"> {row.last_error}</span>}
      </span>
    ) },
    { key: 'attempts', header: t('columns.attempts'), width: 112, render: (row) => (
      row.attempts > 0 || ['failed', 'unknown', 'sending'].includes(row.status) ? (
        <button type="button" className="attempts-button" aria-label={t('details.open', { user: row.user_id, channel: t(`common:channel.${row.channel}`, { defaultValue: row.channel }), count: row.attempts })}
          onClick={() => onOpen(row, stepText(row))}>
          {t('attemptsButton', { count: row.attempts })}
        </button>
      ) : null
    ) },
  ];
  return (
    <div ref={ref} className="outbox-grid" style={{ '--rows': Math.min(total, 16) } as CSSProperties}>
      {width > 0 && <PagedGrid label={t('grid')} total={total} columns={columns} fetchPage={fetchPage} resetKey={resetKey} rowClass={(row) => `status-${row.status}`} />}
    </div>
  );
}
