/** Attribute and parameter names follow `[a-z_][a-z0-9_]*` (PRODUCT.md §1). */
export const attributeNamePattern = /^[a-z_][a-z0-9_]*$/;

// These would reach Object.prototype if ever used as a key on a plain object: never accept them.
const reserved = new Set(['__proto__', 'constructor', 'prototype']);

export function isValidAttributeName(name: string): boolean {
  return name.length <= 64 && attributeNamePattern.test(name) && !reserved.has(name);
}

/** `Points Balance` → `points_balance`; a header with no ASCII letters or digits has no name (null). */
export function attributeNameFromHeader(header: string): string | null {
  let name = header.normalize('NFKC').toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '');
  if (name === '') return null;
  if (/^[0-9]/.test(name)) name = `_${name}`;
  return isValidAttributeName(name) ? name : null;
}
