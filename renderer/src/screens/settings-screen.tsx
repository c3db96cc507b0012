import { useEffect, useState, type ComponentType } from 'react';
import { useTranslation } from 'react-i18next';
import { useApp } from '../state/app-store.ts';
import { DataSettings } from './data/data-settings.tsx';
import { Tabs } from './journeys/tabs.tsx';
import { AutomationSettings } from './settings/automation-settings.tsx';
import { ChannelsSettings } from './settings/channels-settings.tsx';
import { GeneralSettings } from './settings/general-settings.tsx';
import { settingsSections, type SettingsSection } from './settings/settings-sections.ts';
import { UpstreamSettings } from './settings/upstream-settings.tsx';
import './settings/settings.css';

const panels: Record<SettingsSection, ComponentType> = {
  general: GeneralSettings,
  channels: ChannelsSettings,
  automation: AutomationSettings,
  upstream: UpstreamSettings,
  data: DataSettings,
};

/** Settings in five sections: general (stores, sending rules, language), channels, automation (watched folders), upstream sync, data (backups, retention). */
export function SettingsScreen() {
  const { t } = useTranslation('settings');
  const [section, setSection] = useState<SettingsSection>('general');
  // A section stays mounted once opened, so switching sections never loses what was typed.
  const [opened, setOpened] = useState<ReadonlySet<SettingsSection>>(() => new Set(['general']));
  const open = (next: SettingsSection) => {
    setSection(next);
    setOpened((current) => new Set(current).add(next));
  };
  // Another screen can send the user to a section (the backup notice opens Data).
  const asked = useApp((state) => state.focus.section);
  useEffect(() => {
    const wanted = settingsSections.find((each) => each === asked);
    if (!wanted) return;
    setSection(wanted);
    setOpened((current) => new Set(current).add(wanted));
  }, [asked]);
  return (
    <section className="settings" aria-labelledby="screen-title">
      <h2 id="screen-title">{t('title')}</h2>
      <Tabs label={t('sections.label')} tabs={settingsSections.map((id) => ({ id, label: t(`sections.${id}`) }))} current={section} onChange={open}>
        {settingsSections.filter((id) => opened.has(id)).map((id) => {
          const Panel = panels[id];
          return <div key={id} hidden={id !== section} className="settings-section"><Panel /></div>;
        })}
      </Tabs>
    </section>
  );
}
