import { useTranslation } from 'react-i18next';

function StoreIcon() {
  return (
    <svg viewBox="0 0 16 16" width="14" height="14" aria-hidden="true" focusable="false">
      <path d="M2 6.5 3.2 2h9.6L14 6.5v.5a2 2 0 0 1-3 1.7A2 2 0 0 1 8 8.7a2 2 0 0 1-3 0A2 2 0 0 1 2 7zM3 9.6V14h4v-3h2v3h4V9.6a3 3 0 0 1-2-.2 3 3 0 0 1-3 .3 3 3 0 0 1-3-.3 3 3 0 0 1-2 .2z" fill="currentColor" />
    </svg>
  );
}

function GlobeIcon() {
  return (
    <svg viewBox="0 0 16 16" width="14" height="14" aria-hidden="true" focusable="false">
      <circle cx="8" cy="8" r="6.3" fill="none" stroke="currentColor" strokeWidth="1.4" />
      <path d="M1.8 8h12.4M8 1.7c2 2 2 10.6 0 12.6M8 1.7c-2 2-2 10.6 0 12.6" fill="none" stroke="currentColor" strokeWidth="1.2" />
    </svg>
  );
}

/** Offline (in the store) or online, told by an icon and a word, never by colour alone. */
export function ChannelBadge({ offline }: { offline: boolean }) {
  const { t } = useTranslation('timeline');
  return (
    <span className={offline ? 'badge channel offline' : 'badge channel online'}>
      {offline ? <StoreIcon /> : <GlobeIcon />}
      <span>{offline ? t('channel.offline') : t('channel.online')}</span>
    </span>
  );
}
