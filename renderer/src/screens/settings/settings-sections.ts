export const settingsSections = ['general', 'channels', 'automation', 'upstream', 'data'] as const;
export type SettingsSection = (typeof settingsSections)[number];
