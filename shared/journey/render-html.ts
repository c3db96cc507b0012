/**
 * HTML email templates, filled with values from imported files (hostile by the threat model). Values
 * are escaped everywhere; in a URL position (href, src, …) the filled-in URL must also be http(s) or
 * mailto, else the attribute becomes `#`: escaping stops `"` but not `javascript:alert(1)`.
 * A small scanner finds attribute values in the template (written by the marketer); the values
 * themselves never change the structure, since they are escaped.
 */

export interface HtmlFill {
  /** The raw (unescaped) text of one placeholder. */
  value(path: string): string;
  /** Rewrites the URL of each `<a href>` that is http(s) after filling (click tracking). */
  link?(url: string): string;
}

const URL_ATTRIBUTES = new Set(['href', 'src', 'action', 'formaction', 'background', 'poster', 'cite', 'longdesc', 'usemap', 'data', 'codebase', 'xlink:href', 'ping', 'lowsrc', 'dynsrc']);
const SAFE_SCHEMES = new Set(['http:', 'https:', 'mailto:']);
const placeholder = /\{\{\s*([a-z_][a-z0-9_]*(?:\.[a-z_][a-z0-9_]*)?)\s*\}\}/gi;

interface AttributeValue {
  tag: string;
  name: string;
  start: number;
  end: number;
  quoted: boolean;
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[char]!);
}

const NAMED: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", colon: ':', tab: '\t', newline: '\n' };

/** What the browser reads out of an attribute's literal text (the entities that can spell a scheme). */
function decodeEntities(text: string): string {
  return text.replace(/&(?:#x([0-9a-f]+)|#(\d+)|([a-z]+));?/gi, (match, hex: string | undefined, decimal: string | undefined, name: string | undefined) => {
    if (hex !== undefined || decimal !== undefined) {
      const code = hex !== undefined ? parseInt(hex, 16) : Number(decimal);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : '\uFFFD';
    }
    return NAMED[name!.toLowerCase()] ?? match;
  });
}

/** Every attribute value of every tag in the template, in order (comments skipped). */
function attributeValues(html: string): AttributeValue[] {
  const found: AttributeValue[] = [];
  let at = 0;
  const space = (char: string | undefined) => char !== undefined && /[\t\n\f\r ]/.test(char);
  while (at < html.length) {
    const open = html.indexOf('<', at);
    if (open < 0) break;
    if (html.startsWith('<!--', open)) {
      const close = html.indexOf('-->', open + 4);
      at = close < 0 ? html.length : close + 3;
      continue;
    }
    if (!/[a-z]/i.test(html[open + 1] ?? '')) {
      at = open + 1;
      continue;
    }
    let i = open + 1;
    while (i < html.length && !space(html[i]) && html[i] !== '>' && html[i] !== '/') i++;
    const tag = html.slice(open + 1, i).toLowerCase();
    for (;;) {
      while (i < html.length && (space(html[i]) || html[i] === '/')) i++;
      if (i >= html.length || html[i] === '>') break;
      const nameStart = i;
      while (i < html.length && !space(html[i]) && html[i] !== '>' && html[i] !== '/' && html[i] !== '=') i++;
      const name = html.slice(nameStart, i).toLowerCase();
      while (space(html[i])) i++;
      if (html[i] !== '=') continue;
      i++;
      while (space(html[i])) i++;
      const quote = html[i];
      if (quote === '"' || quote === "'") {
        const end = html.indexOf(quote, i + 1);
        const stop = end < 0 ? html.length : end;
        found.push({ tag, name, start: i + 1, end: stop, quoted: true });
        i = stop + 1;
      } else {
        const start = i;
        while (i < html.length && !space(html[i]) && html[i] !== '>') i++;
        found.push({ tag, name, start, end: i, quoted: false });
      }
    }
    at = i + 1;
  }
  return found;
}

/** Whether a filled-in URL may stay: http(s), mailto, or no scheme at all (a relative link). */
export function isSafeUrl(url: string): boolean {
  try {
    // The URL parser drops what browsers drop (surrounding spaces and controls, tabs and line breaks inside).
    return SAFE_SCHEMES.has(new URL(url, 'https://relative.invalid/').protocol);
  } catch {
    return false;
  }
}

function isHttpUrl(url: string): boolean {
  try {
    return /^https?:$/.test(new URL(url).protocol);
  } catch {
    return false;
  }
}

/** Fills an HTML template: every value escaped, URL positions checked, `<a href>` links passed through `fill.link`. */
export function renderHtml(template: string, fill: HtmlFill): string {
  const fillText = (text: string) => text.replace(placeholder, (_, path: string) => escapeHtml(fill.value(path)));
  let out = '';
  let at = 0;
  for (const attribute of attributeValues(template)) {
    out += fillText(template.slice(at, attribute.start));
    at = attribute.end;
    const literal = template.slice(attribute.start, attribute.end);
    const dynamic = literal.search(placeholder) >= 0;
    const link = fill.link !== undefined && attribute.tag === 'a' && attribute.name === 'href';
    if (!dynamic && !link) {
      out += literal;
      continue;
    }
    let value = fillText(literal);
    if (URL_ATTRIBUTES.has(attribute.name)) {
      // The URL as the browser will read it: the template's entities decoded, the values as they are.
      const url = literal.split(placeholder).map((part, index) => (index % 2 === 0 ? decodeEntities(part) : fill.value(part))).join('');
      if (dynamic && !isSafeUrl(url)) value = '#';
      else if (link && isHttpUrl(url.trim())) value = escapeHtml(fill.link!(new URL(url.trim()).href));
    }
    // A value filled into an unquoted attribute could end it at a space: it is quoted.
    out += attribute.quoted ? value : `"${value}"`;
  }
  return out + fillText(template.slice(at));
}
