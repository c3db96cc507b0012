import { escapeHtml, renderHtml } from './render-html.ts';

/** Values a message template may name: profile attributes, `event.*` of the triggering event, and links. */
export interface TemplateValues {
  profile: Record<string, unknown>;
  event?: Record<string, unknown> | null;
  links?: Record<string, string>;
}

const placeholder = /\{\{\s*([a-z_][a-z0-9_]*(?:\.[a-z_][a-z0-9_]*)?)\s*\}\}/gi;

function lookup(path: string, values: TemplateValues): string {
  const own = (object: Record<string, unknown> | null | undefined, key: string) =>
    object && Object.prototype.hasOwnProperty.call(object, key) ? object[key] : undefined;
  let value: unknown;
  if (path.startsWith('event.')) value = own(values.event, path.slice(6));
  else value = own(values.links as Record<string, unknown> | undefined, path) ?? own(values.profile, path);
  return value === undefined || value === null ? '' : String(value);
}

export { escapeHtml };

/**
 * Fills `{{name}}`, `{{event.product_name}}`…; in HTML every value is escaped (a name like `<b>` stays
 * text) and a value in a URL position must be an http(s) or mailto link (see render-html.ts).
 */
export function renderTemplate(template: string, values: TemplateValues, mode: 'text' | 'html', options: { link?(url: string): string } = {}): string {
  if (mode === 'html') return renderHtml(template, { value: (path) => lookup(path, values), ...options });
  return template.replace(placeholder, (_, path: string) => lookup(path, values));
}

export function placeholdersOf(template: string): string[] {
  return [...template.matchAll(placeholder)].map((match) => match[1]!);
}
