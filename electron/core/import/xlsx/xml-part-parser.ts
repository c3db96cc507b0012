import { SaxesParser, type SaxesTagPlain } from 'saxes';
import { isShopfloorError } from '../../errors.ts';
import { formatCount } from './format-size.ts';
import { xlsxError } from './xlsx-error.ts';

/** Attribute values by qualified name (`r`, `r:id`); saxes builds these without a prototype. */
export type XmlAttributes = Readonly<Record<string, string>>;

/** Element names arrive without their namespace prefix: `x:row` and `row` are both `row`. */
export interface XmlHandlers {
  open(name: string, attributes: XmlAttributes): void;
  close(name: string): void;
  text(text: string): void;
}

export interface XmlPartContext {
  /** The file name shown to the user. */
  file: string;
  /** The part as the clerk recognises it: `sheet "Sales"`. */
  label: string;
  /** The longest text, comment or attribute the parser may hold at once. */
  maxNodeChars: number;
  /** The spreadsheet row being read, for messages. */
  row?: () => number | undefined;
}

export interface XmlPartParser {
  /** Bytes to text; a multi-byte character split between chunks is completed by the next chunk. */
  decode(bytes: Uint8Array): string;
  write(text: string): void;
  end(): void;
}

/** Spreadsheet XML nests about eight deep; thousands of levels only serve to exhaust memory. */
const MAX_DEPTH = 256;

export function createXmlPartParser(handlers: XmlHandlers, context: XmlPartContext): XmlPartParser {
  const parser = new SaxesParser({ xmlns: false, position: true });
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let depth = 0;

  parser.on('opentag', (tag: SaxesTagPlain) => {
    depth += 1;
    if (depth > MAX_DEPTH) throw damaged(context, `elements are nested more than ${MAX_DEPTH} deep`);
    handlers.open(localName(tag.name), tag.attributes);
  });
  parser.on('closetag', (tag: SaxesTagPlain) => {
    depth -= 1;
    handlers.close(localName(tag.name));
  });
  parser.on('text', (text) => handlers.text(text));
  parser.on('cdata', (text) => handlers.text(text));
  parser.on('doctype', () => {
    // OPC forbids DTDs; refusing them outright leaves no room for entity tricks.
    throw damaged(context, 'it contains a document type declaration');
  });

  const parse = (text: string, last: boolean): void => {
    try {
      if (text !== '') parser.write(text);
      if (last) parser.close();
    } catch (error) {
      if (isShopfloorError(error)) throw error;
      throw damaged(context, `invalid XML: ${error instanceof Error ? error.message : String(error)}`);
    }
  };

  const decode = (bytes?: Uint8Array): string => {
    try {
      return bytes ? decoder.decode(bytes, { stream: true }) : decoder.decode();
    } catch {
      throw damaged(context, 'it is not valid UTF-8 text');
    }
  };

  return {
    decode: (bytes) => decode(bytes),
    write: (text) => {
      parse(text, false);
      if (bufferedChars(parser) > context.maxNodeChars) {
        throw xlsxError(
          'xlsx_too_large',
          context.file,
          `${context.label} holds a single text of more than ${formatCount(context.maxNodeChars)} characters${near(context)}`,
          context.row?.(),
        );
      }
    },
    end: () => parse(decode(), true),
  };
}

function localName(name: string): string {
  const colon = name.indexOf(':');
  return colon === -1 ? name : name.slice(colon + 1);
}

function damaged(context: XmlPartContext, reason: string): Error {
  return xlsxError('xlsx_malformed', context.file, `${context.label} is damaged${near(context)}: ${reason}`, context.row?.());
}

function near(context: XmlPartContext): string {
  const row = context.row?.();
  return row === undefined ? '' : ` near row ${row}`;
}

interface SaxesBuffers {
  text?: unknown;
  name?: unknown;
  entity?: unknown;
  attribList?: unknown;
}

/**
 * Characters saxes is holding for a node it has not emitted yet. saxes keeps a whole text node,
 * comment, CDATA section, tag name or attribute list in memory until it ends, so one crafted node of a
 * gigabyte would grow a single string until V8 gives up. These fields are saxes internals (pinned
 * at 6.x); the unit tests prove the guard still trips.
 */
function bufferedChars(parser: SaxesParser): number {
  const buffers = parser as unknown as SaxesBuffers;
  let total = stringLength(buffers.text) + stringLength(buffers.name) + stringLength(buffers.entity);
  if (Array.isArray(buffers.attribList)) {
    for (const attribute of buffers.attribList as { name?: unknown; value?: unknown }[]) {
      total += stringLength(attribute.name) + stringLength(attribute.value) + 1;
    }
  }
  return total;
}

function stringLength(value: unknown): number {
  return typeof value === 'string' ? value.length : 0;
}
