import type { SecretBox } from '../core/index.ts';

/** The slice of Electron's safeStorage used here. */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plain: string): Buffer;
  decryptString(encrypted: Buffer): string;
  getSelectedStorageBackend?(): string;
}

const PREFIX = 'os1:';

/**
 * Channel credentials sealed by the OS keychain (Electron safeStorage). Undefined when there is no real
 * keychain, so the core falls back to its key file: on Linux without a secret service, safeStorage
 * "encrypts" with a fixed password (basic_text), which would be weaker than the 0600 key file.
 */
export function keychainSecretBox(safeStorage: SafeStorageLike, platform: NodeJS.Platform): SecretBox | undefined {
  if (!safeStorage.isEncryptionAvailable()) return undefined;
  if (platform === 'linux') {
    const backend = safeStorage.getSelectedStorageBackend?.() ?? 'unknown';
    if (backend === 'basic_text' || backend === 'unknown') return undefined;
  }
  return {
    kind: 'os keychain',
    seal: (plain) => PREFIX + safeStorage.encryptString(plain).toString('base64'),
    open(sealed) {
      if (!sealed.startsWith(PREFIX)) throw new Error('this credential was sealed by another keystore (e.g. the command line); enter it again here');
      try {
        return safeStorage.decryptString(Buffer.from(sealed.slice(PREFIX.length), 'base64'));
      } catch {
        throw new Error('the stored credential cannot be opened with this computer\'s keychain; enter it again');
      }
    },
  };
}
