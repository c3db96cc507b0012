import type { Clock } from '../clock.ts';
import type { Db } from '../store/open-store.ts';
import { readChannel } from './channel-settings.ts';
import type { Channels } from './dispatcher.ts';
import { createHttpSmsChannel } from './http-sms-channel.ts';
import type { SecretBox } from './secret-box.ts';
import { createSmtpEmailChannel } from './smtp-email-channel.ts';
import { trackingSecret } from './tracking-links.ts';

/** The live channels: those configured and tested; the others stay a dry run. Close after use. */
export function openChannels(db: Db, box: SecretBox | null, clock: Clock): Channels & { close(): void } {
  const email = box ? readChannel(db, box, 'email') : null;
  const sms = box ? readChannel(db, box, 'sms') : null;
  const emailChannel = email?.live ? { channel: createSmtpEmailChannel(email.config, email.secret), config: email.config, trackingSecret: trackingSecret(db) } : null;
  const smsChannel = sms?.live ? createHttpSmsChannel(sms.config, sms.secret, () => clock.now()) : null;
  return {
    email: emailChannel,
    sms: smsChannel,
    close: () => {
      emailChannel?.channel.close();
      smsChannel?.close();
    },
  };
}
