import { useTranslation } from 'react-i18next';
import type { TimelineDto } from '../../../../shared/contract/schemas.ts';
import { useFormat } from '../../format.ts';
import { AttributeValue } from './attribute-value.tsx';
import { useFieldLabel } from './use-field-label.ts';

const known = ['name', 'email', 'phone', 'tier', 'home_store', 'joined_at', 'email_opt_in', 'sms_opt_in'];
const hidden = new Set(['user_id', 'created_at', 'updated_at']);

function orderedKeys(record: Record<string, unknown>): string[] {
  const keys = Object.keys(record).filter((key) => !hidden.has(key));
  return [...known.filter((key) => keys.includes(key)), ...keys.filter((key) => !known.includes(key)).sort()];
}

/** The profile as synced, and what a staged members sheet would change in it. */
export function UserProfile({ timeline }: { timeline: TimelineDto }) {
  const { t } = useTranslation('timeline');
  const { dateTime } = useFormat();
  const label = useFieldLabel();
  const user = timeline.user as Record<string, unknown> | null;
  const staged = timeline.staged_profile;

  return (
    <aside className="profile panel" aria-labelledby="profile-title">
      <h3 id="profile-title">{t('profile.title')}</h3>
      {user ? (
        <>
          <dl className="attributes">
            {orderedKeys(user).map((key) => (
              <div key={key} className="attribute">
                <dt title={key}>{label(key)}</dt>
                <dd><AttributeValue value={user[key]} /></dd>
              </div>
            ))}
          </dl>
          <p className="profile-dates muted">
            {t('profile.since', { date: dateTime(typeof user.created_at === 'string' ? user.created_at : null) })}
            <br />
            {t('profile.updated', { date: dateTime(typeof user.updated_at === 'string' ? user.updated_at : null) })}
          </p>
        </>
      ) : <p className="muted">{t('profile.none')}</p>}
      {staged && (
        <div className="staged-profile">
          <h4><span className="badge staged">{t('common:staged')}</span> {t('profile.stagedTitle')}</h4>
          <dl className="attributes">
            {orderedKeys(staged).map((key) => (
              <div key={key} className="attribute">
                <dt title={key}>{label(key)}</dt>
                <dd>
                  {user && key in user && user[key] !== staged[key] && <><s className="muted"><AttributeValue value={user[key]} /></s> → </>}
                  <AttributeValue value={staged[key]} />
                </dd>
              </div>
            ))}
          </dl>
          <p className="muted staged-note">{t('profile.stagedNote')}</p>
        </div>
      )}
    </aside>
  );
}
