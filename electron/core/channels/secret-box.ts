import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { ShopfloorError } from '../errors.ts';

/** Seals channel credentials before they reach the database. The app uses the OS keychain (Electron safeStorage). */
export interface SecretBox {
  readonly kind: string;
  seal(plain: string): string;
  open(sealed: string): string;
}

const PREFIX = 'gcm1:';

/** AES-256-GCM with a 32-byte key: for the command line and tests, where there is no keychain. */
export function aesSecretBox(key: Buffer, kind = 'key'): SecretBox {
  if (key.length !== 32) throw new ShopfloorError('bad_secret_key', 'the secret key must be 32 bytes (base64 of 32 random bytes)');
  return {
    kind,
    seal(plain) {
      const iv = crypto.randomBytes(12);
      const cipher = crypto.createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return PREFIX + Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64');
    },
    open(sealed) {
      if (!sealed.startsWith(PREFIX)) throw new ShopfloorError('secret_unreadable', 'this credential was sealed by another keystore (e.g. the desktop app); enter it again here');
      const data = Buffer.from(sealed.slice(PREFIX.length), 'base64');
      try {
        const decipher = crypto.createDecipheriv('aes-256-gcm', key, data.subarray(0, 12));
        decipher.setAuthTag(data.subarray(12, 28));
        return Buffer.concat([decipher.update(data.subarray(28)), decipher.final()]).toString('utf8');
      } catch {
        throw new ShopfloorError('secret_unreadable', 'the stored credential cannot be opened with this key; enter it again');
      }
    },
  };
}

/** A key file readable by its owner only (0600), created on first use. */
export function keyFileSecretBox(file: string): SecretBox {
  if (!fs.existsSync(file)) {
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    fs.writeFileSync(file, crypto.randomBytes(32).toString('base64'), { mode: 0o600, flag: 'wx' });
  }
  if (process.platform !== 'win32') {
    const mode = fs.statSync(file).mode & 0o777;
    if ((mode & 0o077) !== 0) {
      throw new ShopfloorError('secret_key_exposed', `the key file ${file} can be read by others (mode ${mode.toString(8)}); run: chmod 600 "${file}"`);
    }
  }
  return aesSecretBox(Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'base64'), 'key file');
}

/** SHOPFLOOR_SECRET_KEY (base64 of 32 bytes), else SHOPFLOOR_KEY_FILE, else `secret.key` next to the database. */
export function defaultSecretBox(env: NodeJS.ProcessEnv, dataDir: string): SecretBox {
  if (env.SHOPFLOOR_SECRET_KEY) return aesSecretBox(Buffer.from(env.SHOPFLOOR_SECRET_KEY, 'base64'), 'environment key');
  return keyFileSecretBox(env.SHOPFLOOR_KEY_FILE || path.join(dataDir, 'secret.key'));
}
