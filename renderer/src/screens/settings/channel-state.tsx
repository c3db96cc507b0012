import { useTranslation } from 'react-i18next';
import type { ChannelsStatusDto } from '../../../../shared/contract/schemas.ts';
import { useFormat } from '../../format.ts';

export type ChannelStatus = ChannelsStatusDto['email'];

/** Whether a channel sends for real: not set up, set up but untested (both dry run), or live since its test. */
export function ChannelState({ status, name }: { status: ChannelStatus; name: string }) {
  const { t } = useTranslation('settings');
  const format = useFormat();
  const [state, text] = !status.configured ? ['none', t('channels.state.none')]
    : !status.live ? ['untested', t('channels.state.untested')]
      : ['live', t('channels.state.live', { date: format.dateTime(status.tested_at) })];
  return (
    <div className="channel-state">
      <span className={`badge channel-${state}`}>{text}</span>
      <span className="field-hint">{t(`channels.stateHint.${state}`, { channel: name })}</span>
    </div>
  );
}
