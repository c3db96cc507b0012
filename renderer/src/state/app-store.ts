import { create } from 'zustand';
import type { Language, SettingsDto } from '../../../shared/contract/schemas.ts';

export type Screen = 'import' | 'uploads' | 'timeline' | 'journeys' | 'outbox' | 'settings';

interface AppState {
  screen: Screen;
  language: Language;
  locale: string;
  harness: boolean;
  settings: SettingsDto | null;
  /** Where a screen was asked to open at (a batch in Uploads, a user in Timeline, a journey…). */
  focus: { batchId?: number; userId?: string; journeyId?: number; section?: string };
  go(screen: Screen, focus?: AppState['focus']): void;
  setLanguage(language: Language): void;
  setSettings(settings: SettingsDto): void;
}

export const useApp = create<AppState>((set) => ({
  screen: 'import',
  language: 'en',
  locale: 'en',
  harness: false,
  settings: null,
  focus: {},
  go: (screen, focus = {}) => set({ screen, focus }),
  setLanguage: (language) => set({ language }),
  setSettings: (settings) => set({ settings }),
}));
