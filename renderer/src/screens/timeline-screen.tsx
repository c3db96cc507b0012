import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApp } from '../state/app-store.ts';
import { QualityCharts } from './timeline/quality-charts.tsx';
import { UserSearch } from './timeline/user-search.tsx';
import { UserTimeline } from './timeline/user-timeline.tsx';
import './timeline/timeline.css';

/** Timeline: find a customer by id, email or phone; see their profile and every event, online and in store. */
export function TimelineScreen() {
  const { t } = useTranslation('timeline');
  const focusUser = useApp((state) => state.focus.userId);
  const [userId, setUserId] = useState<string | null>(focusUser ?? null);
  useEffect(() => {
    if (focusUser) setUserId(focusUser);
  }, [focusUser]);

  return (
    <section aria-labelledby="screen-title" className="timeline-screen">
      <div className="timeline-top">
        <h2 id="screen-title">{t('common:nav.timeline')}</h2>
        <UserSearch selected={userId} onSelect={setUserId} />
      </div>
      {userId ? <UserTimeline userId={userId} /> : <p className="panel muted timeline-hint">{t('hint')}</p>}
      <QualityCharts />
    </section>
  );
}
