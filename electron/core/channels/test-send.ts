import crypto from 'node:crypto';
import { normalizePhone } from '../../../shared/import/contact-fields.ts';
import { countryOfZone } from '../../../shared/model/zone-country.ts';
import type { Clock } from '../clock.ts';
import { ShopfloorError } from '../errors.ts';
import { sendSettings } from '../settings/engine-settings.ts';
import type { Db } from '../store/open-store.ts';
import { markTested, readChannel, type ChannelName } from './channel-settings.ts';
import { createHttpSmsChannel } from './http-sms-channel.ts';
import { composeEmail } from './message-content.ts';
import type { SecretBox } from './secret-box.ts';
import type { SendOutcome } from './send-outcome.ts';
import { createSmtpEmailChannel } from './smtp-email-channel.ts';
import { trackingSecret } from './tracking-links.ts';

/**
 * "Send a test message": one message to an address or number the user types. When the provider takes
 * it, the channel is marked tested and journeys send through it for real from then on.
 */
export async function sendTestMessage(db: Db, clock: Clock, box: SecretBox, channel: ChannelName, to: string): Promise<SendOutcome> {
  const key = `test-${crypto.randomUUID()}`;
  let outcome: SendOutcome;
  if (channel === 'email') {
    const stored = readChannel(db, box, 'email');
    if (!stored) throw new ShopfloorError('channel_not_configured', 'email is not configured yet');
    const sender = createSmtpEmailChannel(stored.config, stored.secret);
    try {
      outcome = await sender.send(composeEmail(
        { id: 'test', type: 'send_email', subject: 'Shopfloor test message', body: 'This is a test message from Shopfloor. If you can read it, email is set up.', next: null },
        'Shopfloor', { profile: {} }, to.trim(), key, stored.config, trackingSecret(db)));
    } finally {
      sender.close();
    }
  } else {
    const stored = readChannel(db, box, 'sms');
    if (!stored) throw new ShopfloorError('channel_not_configured', 'SMS is not configured yet');
    const phone = normalizePhone(to, countryOfZone(sendSettings(db).zone));
    if (phone === null || !phone.startsWith('+')) {
      throw new ShopfloorError('bad_phone', `"${to}" is not a phone number Shopfloor can send to: write it with its country code (+81 90 …) or set the stores' time zone`);
    }
    const sender = createHttpSmsChannel(stored.config, stored.secret, () => clock.now());
    try {
      outcome = await sender.send({ to: phone, text: 'Shopfloor test message: SMS is set up.', requestId: key });
    } finally {
      sender.close();
    }
  }
  if (outcome.kind === 'accepted') markTested(db, clock, channel);
  return outcome;
}
