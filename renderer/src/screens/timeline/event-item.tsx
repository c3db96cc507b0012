import { useTranslation } from 'react-i18next';
import type { TimelineDto } from '../../../../shared/contract/schemas.ts';
import { useFormat } from '../../format.ts';
import { AttributeValue } from './attribute-value.tsx';
import { ChannelBadge } from './channel-badge.tsx';
import { localTime } from './local-time.ts';
import { useFieldLabel } from './use-field-label.ts';

type TimelineEvent = TimelineDto['events'][number];

/** One event: when it happened at the store, what, where it came from, how late it was uploaded. */
export function EventItem({ event }: { event: TimelineEvent }) {
  const { t } = useTranslation('timeline');
  const { locale, hours, dateTime } = useFormat();
  const label = useFieldLabel();
  const when = localTime(event.occurred_local, locale);
  const params = Object.entries(event.params);
  const paramsText = params.map(([key, value]) => `${key}=${String(value)}`).join(', ');
  const staged = event.status === 'staged';

  return (
    <li className={staged ? 'event staged' : 'event'}>
      <div className="event-when">
        <time dateTime={event.occurred_local} className="event-time">{when.text}</time>
        <span className="event-offset muted" title={t('event.offsetTitle')}>{when.offset}</span>
      </div>
      <div className="event-what">
        <div className="event-line">
          <ChannelBadge offline={event.is_offline} />
          <span className="event-name" title={event.name}>{t(`eventName.${event.name}`, { defaultValue: event.name })}</span>
          {staged
            ? <span className="badge staged">{t('common:staged')}</span>
            : <span className="badge committed">{t('event.synced')}</span>}
        </div>
        <div className="event-meta muted">
          {staged
            ? <span>{t('event.notSynced')}</span>
            : <span title={dateTime(event.ingested_at)}>{t('event.lag', { lag: hours(event.upload_lag_ms) })}</span>}
          <span>{t('event.source', { batch: event.batch_id, row: event.row_no })}</span>
        </div>
        {params.length > 0 && (
          <dl className="event-params" title={paramsText}>
            {params.map(([key, value]) => (
              <div key={key}>
                <dt title={key}>{label(key)}</dt>
                <dd><AttributeValue value={value} /></dd>
              </div>
            ))}
          </dl>
        )}
      </div>
    </li>
  );
}
