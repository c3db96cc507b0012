import type { SendNode } from '../../../shared/journey/definition.ts';
import { escapeHtml, renderTemplate, type TemplateValues } from '../../../shared/journey/render-template.ts';
import type { EmailConfig } from './channel-settings.ts';
import type { EmailToSend } from './send-outcome.ts';

export function unsubscribeLink(config: EmailConfig, key: string): string {
  if (config.unsubscribe_url) return `${config.unsubscribe_url.replace(/\/?$/, '/')}${encodeURIComponent(key)}`;
  if (config.tracking_url) return `${config.tracking_url.replace(/\/$/, '')}/u/${encodeURIComponent(key)}`;
  return `mailto:${config.from}?subject=${encodeURIComponent(`unsubscribe ${key}`)}`;
}

/** The email for one message: placeholders filled (escaped in HTML), an unsubscribe link and header, the open pixel. */
export function composeEmail(node: SendNode, journeyName: string, values: TemplateValues, to: string, key: string, config: EmailConfig): EmailToSend {
  const unsubscribe = unsubscribeLink(config, key);
  const links = { ...values.links, unsubscribe_url: unsubscribe };
  const filled: TemplateValues = { ...values, links };
  const subject = renderTemplate(node.subject ?? node.label ?? journeyName, filled, 'text');
  const text = `${renderTemplate(node.body ?? '', filled, 'text')}\n\n--\nUnsubscribe: ${unsubscribe}\n`;
  const body = node.html !== undefined
    ? renderTemplate(node.html, filled, 'html')
    : `<p>${escapeHtml(renderTemplate(node.body ?? '', filled, 'text')).replace(/\n/g, '<br>')}</p>`;
  const pixel = config.tracking_url ? `<img src="${escapeHtml(`${config.tracking_url.replace(/\/$/, '')}/o/${encodeURIComponent(key)}.gif`)}" width="1" height="1" alt="">` : '';
  const html = `<!doctype html><html><body>${body}<p style="font-size:12px;color:#666"><a href="${escapeHtml(unsubscribe)}">Unsubscribe</a></p>${pixel}</body></html>`;
  const domain = config.from.split('@')[1] ?? 'shopfloor.local';
  const headers: Record<string, string> = { 'List-Unsubscribe': `<${unsubscribe}>`, 'X-Shopfloor-Message': key };
  if (unsubscribe.startsWith('http')) headers['List-Unsubscribe-Post'] = 'List-Unsubscribe=One-Click';
  return { to, subject, text, html, messageId: `<${key}@${domain}>`, headers };
}
