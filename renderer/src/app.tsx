import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import type { Language } from '../../shared/contract/schemas.ts';
import { api } from './api.ts';
import { changeLanguage, languages } from './i18n/i18n.ts';
import { ImportScreen } from './screens/import-screen.tsx';
import { JourneysScreen } from './screens/journeys-screen.tsx';
import { OutboxScreen } from './screens/outbox-screen.tsx';
import { BackupNotice } from './screens/data/backup-notice.tsx';
import { ReviewNotices } from './screens/settings/review-notices.tsx';
import { SettingsScreen } from './screens/settings-screen.tsx';
import { TimelineScreen } from './screens/timeline-screen.tsx';
import { UploadsScreen } from './screens/uploads-screen.tsx';
import { useApp, type Screen } from './state/app-store.ts';

const screens: ReadonlyArray<{ id: Screen; icon: string }> = [
  { id: 'import', icon: '⇪' },
  { id: 'uploads', icon: '☰' },
  { id: 'timeline', icon: '◷' },
  { id: 'journeys', icon: '⇢' },
  { id: 'outbox', icon: '✉' },
  { id: 'settings', icon: '⚙' },
];

export function App() {
  const { t } = useTranslation();
  const screen = useApp((state) => state.screen);
  const go = useApp((state) => state.go);
  const language = useApp((state) => state.language);
  const setLanguage = useApp((state) => state.setLanguage);
  const setSettings = useApp((state) => state.setSettings);

  useEffect(() => api.on('data.changed', (payload) => {
    if (payload.what === 'settings') void api.call('settings.get', {}).then(setSettings);
  }), [setSettings]);

  const pickLanguage = async (next: Language) => {
    setLanguage(next);
    await changeLanguage(next);
    setSettings(await api.call('settings.update', { language: next }));
  };

  return (
    <div className="app">
      <header className="app-header">
        <h1 className="app-title">{t('app.title')}</h1>
        <span className="app-tagline">{t('app.tagline')}</span>
        <label className="language">
          <span>{t('language.label')}</span>
          <select value={language} onChange={(event) => void pickLanguage(event.target.value as Language)}>
            {languages.map((option) => <option key={option.code} value={option.code}>{option.label}</option>)}
          </select>
        </label>
      </header>
      <nav className="app-nav" aria-label={t('nav.label')}>
        <ul>
          {screens.map((item) => (
            <li key={item.id}>
              <button type="button" className={screen === item.id ? 'nav-item active' : 'nav-item'} aria-current={screen === item.id ? 'page' : undefined} onClick={() => go(item.id)}>
                <span aria-hidden="true" className="nav-icon">{item.icon}</span>
                <span>{t(`nav.${item.id}`)}</span>
              </button>
            </li>
          ))}
        </ul>
      </nav>
      <main className="app-main">
        <ReviewNotices />
        <BackupNotice />
        {screen === 'import' && <ImportScreen />}
        {screen === 'uploads' && <UploadsScreen />}
        {screen === 'timeline' && <TimelineScreen />}
        {screen === 'journeys' && <JourneysScreen />}
        {screen === 'outbox' && <OutboxScreen />}
        {screen === 'settings' && <SettingsScreen />}
      </main>
    </div>
  );
}
