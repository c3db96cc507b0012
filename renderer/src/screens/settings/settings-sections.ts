export const settingsSections = ['general', 'channels', 'automation', 'upstream'] as const;
export type SettingsSection = (typeof settingsSections)[number];
