import type { JourneyDefinitionInput } from './definition.ts';

const offlinePurchase = { name: 'offline_purchase', is_offline: true };

/** PRODUCT.md §4, "Encourage offline purchases". */
export const encourageOfflinePurchases: JourneyDefinitionInput = {
  name: 'Encourage offline purchases',
  description: "VIP members who don't buy in a store within a week get an encouragement email; if they don't open it, an SMS.",
  nodes: [
    { id: 'entry', type: 'entry_past', label: 'VIP members', segment: { attributes: [{ key: 'tier', op: 'eq', value: 'VIP' }] }, next: 'wait_purchase' },
    { id: 'wait_purchase', type: 'wait_for', label: 'Buys in a store within 7 days', event: offlinePurchase, timeout: 'P7D', grace: 'P1D', matched: 'thank_you', timed_out: 'encourage' },
    { id: 'thank_you', type: 'send_email', label: 'Thank-you email', subject: 'Thank you for your visit, {{name}}', body: 'Thank you for shopping with us.', next: null },
    { id: 'encourage', type: 'send_email', label: 'Encouragement email', subject: 'We miss you, {{name}}', body: 'Come and see what is new in store this week.', next: 'opened' },
    { id: 'opened', type: 'email_opened', label: 'Email opened?', message: 'encourage', timeout: 'P3D', opened: 'follow_up', not_opened: 'sms' },
    { id: 'follow_up', type: 'send_email', label: 'Follow-up email', subject: 'A little something for your next visit', body: 'Show this email in store for a VIP gift.', next: null },
    { id: 'sms', type: 'send_sms', label: 'SMS', body: '{{name}}, your VIP gift is waiting in store this week.', next: null },
  ],
  goal: { event: offlinePurchase, window: 'P7D' },
  exit: { event: offlinePurchase },
  reentry: { mode: 'once' },
};

export const journeyTemplates: Readonly<Record<string, JourneyDefinitionInput>> = {
  'encourage-offline-purchases': encourageOfflinePurchases,
};
