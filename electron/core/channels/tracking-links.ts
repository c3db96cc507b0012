import crypto from 'node:crypto';
import type { Db } from '../store/open-store.ts';

export type TrackingLinkKind = 'o' | 'c' | 'u';

/**
 * The key that signs tracking links, made on first use and kept in the store. Every link the endpoint
 * acts on carries an HMAC over its kind, the message's key and (for a click) the target, so the store's
 * domain cannot be used to redirect anywhere else, and clicks or unsubscribes cannot be forged.
 */
export function trackingSecret(db: Db): Buffer {
  const stored = db.prepare("SELECT value FROM settings WHERE key = 'tracking.secret'").pluck().get() as string | undefined;
  if (stored !== undefined) return Buffer.from(stored, 'base64');
  db.prepare("INSERT OR IGNORE INTO settings (key, value) VALUES ('tracking.secret', ?)").run(crypto.randomBytes(32).toString('base64'));
  return Buffer.from(db.prepare("SELECT value FROM settings WHERE key = 'tracking.secret'").pluck().get() as string, 'base64');
}

export function trackingSignature(secret: Buffer, kind: TrackingLinkKind, key: string, target = ''): string {
  return crypto.createHmac('sha256', secret).update(`${kind}\n${key}\n${target}`).digest('base64url').slice(0, 32);
}

export function validTrackingSignature(secret: Buffer, kind: TrackingLinkKind, key: string, target: string, signature: string | null): boolean {
  if (signature === null) return false;
  const expected = Buffer.from(trackingSignature(secret, kind, key, target));
  const given = Buffer.from(signature);
  return given.length === expected.length && crypto.timingSafeEqual(given, expected);
}

/** The signed links of one message, on the tracking endpoint at `base`. */
export function trackingLinks(base: string, secret: Buffer, key: string) {
  const root = `${base.replace(/\/$/, '')}`;
  const id = encodeURIComponent(key);
  return {
    open: `${root}/o/${id}.gif?s=${trackingSignature(secret, 'o', key)}`,
    unsubscribe: `${root}/u/${id}?s=${trackingSignature(secret, 'u', key)}`,
    click: (target: string) => `${root}/c/${id}?u=${encodeURIComponent(target)}&s=${trackingSignature(secret, 'c', key, target)}`,
  };
}
