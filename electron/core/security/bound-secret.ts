import { ShopfloorError } from '../errors.ts';
import type { SecretBox } from '../channels/secret-box.ts';

const BOUND = 'bound1:';

/** Seals a credential together with the destination it was typed for (see shared/security/destinations.ts). */
export function sealBound(box: SecretBox, secret: string, destination: string): string {
  return box.seal(BOUND + JSON.stringify({ to: destination, secret }));
}

/**
 * Opens a credential for `destination`, refusing one sealed for another. A credential sealed before
 * credentials were bound is taken as bound to the destination saved with it: from then on no save
 * changes that destination without the credential typed again.
 */
export function openBound(box: SecretBox, sealed: string, destination: string): string {
  const plain = box.open(sealed);
  if (!plain.startsWith(BOUND)) return plain;
  const { to, secret } = JSON.parse(plain.slice(BOUND.length)) as { to: string; secret: string };
  if (to !== destination) throw new ShopfloorError('secret_destination_changed', `the stored credential was entered for ${to}, not ${destination}: enter it again`);
  return secret;
}
