import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TimelineDto } from '../../../../shared/contract/schemas.ts';
import { useFormat } from '../../format.ts';
import { EventItem } from './event-item.tsx';

const STEP = 100;

/** The merged timeline, newest first, a hundred at a time (a loyal customer can have thousands). */
export function EventList({ events }: { events: TimelineDto['events'] }) {
  const { t } = useTranslation('timeline');
  const { number } = useFormat();
  const [shown, setShown] = useState(STEP);
  const newestFirst = [...events].reverse();
  const offline = events.filter((event) => event.is_offline).length;
  const staged = events.filter((event) => event.status === 'staged').length;

  return (
    <section className="events panel" aria-labelledby="events-title">
      <div className="events-head">
        <h3 id="events-title">{t('events.title')}</h3>
        <span className="muted events-summary">
          {t('events.summary', { count: events.length, total: number(events.length), offline: number(offline), online: number(events.length - offline) })}
          {staged > 0 && <> · {t('events.staged', { count: staged, staged: number(staged) })}</>}
        </span>
      </div>
      {events.length === 0 ? <p className="muted">{t('events.none')}</p> : (
        <>
          <p className="muted events-order">{t('events.order')}</p>
          <ol className="event-list">
            {newestFirst.slice(0, shown).map((event) => <EventItem key={`${event.batch_id}:${event.row_no}`} event={event} />)}
          </ol>
          {shown < events.length && (
            <button type="button" onClick={() => setShown((count) => count + STEP)}>
              {t('events.more', { count: Math.min(STEP, events.length - shown) })}
            </button>
          )}
        </>
      )}
    </section>
  );
}
