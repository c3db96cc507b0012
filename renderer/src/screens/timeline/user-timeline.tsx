import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api.ts';
import { ErrorMessage } from '../../components/error-message.tsx';
import { useLoad } from '../../hooks/use-api.ts';
import { EventList } from './event-list.tsx';
import { ForgetCustomer } from './forget-customer.tsx';
import { UserProfile } from './user-profile.tsx';

/** One customer: profile beside the merged online + offline timeline. */
export function UserTimeline({ userId }: { userId: string }) {
  const { t } = useTranslation('timeline');
  const timeline = useLoad(() => api.call('timeline.get', { userId }), [userId], ['batches', 'users']);
  const data = timeline.data;
  const [forgotten, setForgotten] = useState<string | null>(null);
  const known = data !== null && (data.user !== null || data.events.length > 0 || data.staged_profile !== null);
  return (
    <div className="user-timeline">
      <div className="user-head">
        <h3 className="user-id" title={userId}>{userId}</h3>
        {data && !known && <span className="muted">{t('profile.unknown')}</span>}
        {known && <ForgetCustomer key={userId} userId={userId} onForgotten={setForgotten} />}
      </div>
      {forgotten && <p className="notice" role="status">{forgotten}</p>}
      <ErrorMessage message={timeline.error} onRetry={timeline.reload} />
      {data && (
        <div className="timeline-body">
          <UserProfile timeline={data} />
          <EventList key={userId} events={data.events} />
        </div>
      )}
    </div>
  );
}
