/**
 * What one import may make the store hold, whatever the file says (the threat model in
 * ARCHITECTURE.md: files are hostile, and a watched folder imports them with nobody watching).
 */

/** Columns of the header. Register exports have dozens; a wider header is a wrong file or an attack. */
export const MAX_COLUMNS = 1_000;

/** Custom attributes (or event parameters) one import may add to the store's types. */
export const MAX_NEW_ATTRIBUTES = 250;
