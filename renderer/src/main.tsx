import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { api } from './api.ts';
import { App } from './app.tsx';
import { DamagedStoreScreen } from './screens/damaged-store-screen.tsx';
import { initI18n, languageFromLocale } from './i18n/i18n.ts';
import { useApp } from './state/app-store.ts';
import './styles.css';

async function start(): Promise<void> {
  const [info, store] = await Promise.all([api.call('app.info', {}), api.call('store.status', {})]);
  const systemLanguage = languageFromLocale(info.harness ? navigator.language : info.locale);
  if (store.state === 'damaged') {
    // The store was not opened: no settings to read. Say so, and offer the newest good backup.
    useApp.setState({ language: systemLanguage, locale: info.locale, harness: info.harness });
    await initI18n(systemLanguage);
    createRoot(document.getElementById('root')!).render(<StrictMode><DamagedStoreScreen status={store} /></StrictMode>);
    return;
  }
  const settings = await api.call('settings.get', {});
  const language = settings.language ?? systemLanguage;
  useApp.setState({ language, locale: info.locale, harness: info.harness, settings });
  await initI18n(language);
  createRoot(document.getElementById('root')!).render(<StrictMode><App /></StrictMode>);
}

start().catch((error: unknown) => {
  const root = document.getElementById('root')!;
  root.textContent = `Shopfloor could not start: ${error instanceof Error ? error.message : String(error)}`;
  root.setAttribute('role', 'alert');
});
