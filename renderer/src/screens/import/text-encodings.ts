/** The encodings the core reads, in the order the encoding field lists them. */
export const encodings = ['utf-8', 'shift_jis', 'big5', 'utf-16le'] as const;
export type Encoding = (typeof encodings)[number];

export function isEncoding(value: string): value is Encoding {
  return (encodings as readonly string[]).includes(value);
}
