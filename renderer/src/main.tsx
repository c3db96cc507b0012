import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { api } from './api.ts';
import { App } from './app.tsx';
import { initI18n, languageFromLocale } from './i18n/i18n.ts';
import { useApp } from './state/app-store.ts';
import './styles.css';

async function start(): Promise<void> {
  const [info, settings] = await Promise.all([api.call('app.info', {}), api.call('settings.get', {})]);
  const language = settings.language ?? languageFromLocale(info.harness ? navigator.language : info.locale);
  useApp.setState({ language, locale: info.locale, harness: info.harness, settings });
  await initI18n(language);
  createRoot(document.getElementById('root')!).render(<StrictMode><App /></StrictMode>);
}

start().catch((error: unknown) => {
  const root = document.getElementById('root')!;
  root.textContent = `Shopfloor could not start: ${error instanceof Error ? error.message : String(error)}`;
  root.setAttribute('role', 'alert');
});
