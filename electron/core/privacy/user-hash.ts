import crypto from 'node:crypto';
import type { Db } from '../store/open-store.ts';

// The salt is a secret of this store: without it a list of hashes cannot be checked against guessed ids.
// A restore keeps the current store's salt, so erasures recorded before and after it keep matching.
export const SALT_KEY = 'privacy.salt';

function readSalt(db: Db): string | undefined {
  return db.prepare('SELECT value FROM settings WHERE key = ?').pluck().get(SALT_KEY) as string | undefined;
}

/** The store's salt, created on first use. */
export function privacySalt(db: Db): string {
  const existing = readSalt(db);
  if (existing !== undefined) return existing;
  const salt = crypto.randomBytes(32).toString('base64');
  db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING').run(SALT_KEY, salt);
  return readSalt(db)!;
}

/** A salted hash (HMAC-SHA256) of a user id: what the erasure log and the suppression list keep instead of the id. */
export function hashUserId(salt: string, userId: string): string {
  return crypto.createHmac('sha256', salt).update(userId, 'utf8').digest('hex');
}

/**
 * The ids a later import must refuse (`erased_user`): erasures not lifted. Null when there are none, so
 * an import pays nothing in the common case; otherwise each distinct id is hashed once.
 */
export interface ErasedIds {
  has(userId: string): boolean;
}

export function loadErasedIds(db: Db): ErasedIds | null {
  const hashes = new Set(db.prepare('SELECT user_hash FROM erasures WHERE lifted_at IS NULL').pluck().all() as string[]);
  if (hashes.size === 0) return null;
  const salt = privacySalt(db);
  const seen = new Map<string, boolean>();
  return {
    has(userId) {
      let erased = seen.get(userId);
      if (erased === undefined) {
        erased = hashes.has(hashUserId(salt, userId));
        seen.set(userId, erased);
      }
      return erased;
    },
  };
}
