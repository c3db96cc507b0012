import type { SendNode } from '../../../shared/journey/definition.ts';
import { escapeHtml, renderTemplate, type TemplateValues } from '../../../shared/journey/render-template.ts';
import type { EmailConfig } from './channel-settings.ts';
import type { EmailToSend } from './send-outcome.ts';
import { trackingLinks } from './tracking-links.ts';

/**
 * The email for one message: placeholders filled (escaped in HTML), an unsubscribe link and header, and
 * with a tracking endpoint, the open pixel and every http(s) link of the HTML through a signed click link.
 */
export function composeEmail(node: SendNode, journeyName: string, values: TemplateValues, to: string, key: string, config: EmailConfig, trackingSecret: Buffer): EmailToSend {
  const tracking = config.tracking_url ? trackingLinks(config.tracking_url, trackingSecret, key) : null;
  const unsubscribe = config.unsubscribe_url ? `${config.unsubscribe_url.replace(/\/?$/, '/')}${encodeURIComponent(key)}`
    : tracking ? tracking.unsubscribe : `mailto:${config.from}?subject=${encodeURIComponent(`unsubscribe ${key}`)}`;
  const links = { ...values.links, unsubscribe_url: unsubscribe };
  const filled: TemplateValues = { ...values, links };
  const subject = renderTemplate(node.subject ?? node.label ?? journeyName, filled, 'text');
  const bodyText = renderTemplate(node.body ?? '', filled, 'text');
  const text = `${bodyText}\n\n--\nUnsubscribe: ${unsubscribe}\n`;
  const body = node.html !== undefined
    ? renderTemplate(node.html, filled, 'html', tracking ? { link: (url) => (url === new URL(unsubscribe).href ? url : tracking.click(url)) } : {})
    : `<p>${escapeHtml(bodyText).replace(/\n/g, '<br>')}</p>`;
  const pixel = tracking ? `<img src="${escapeHtml(tracking.open)}" width="1" height="1" alt="">` : '';
  const html = `<!doctype html><html><body>${body}<p style="font-size:12px;color:#666"><a href="${escapeHtml(unsubscribe)}">Unsubscribe</a></p>${pixel}</body></html>`;
  const domain = config.from.split('@')[1] ?? 'shopfloor.local';
  const headers: Record<string, string> = { 'List-Unsubscribe': `<${unsubscribe}>`, 'X-Shopfloor-Message': key };
  if (unsubscribe.startsWith('http')) headers['List-Unsubscribe-Post'] = 'List-Unsubscribe=One-Click';
  return { to, subject, text, html, messageId: `<${key}@${domain}>`, headers };
}
