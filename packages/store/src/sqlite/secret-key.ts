/**
 * The server's signing secret: 32 random bytes in `<dataDir>/secret.key`
 * (mode 0600), generated on first use. There is no default secret.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** The secret file's name inside a data directory. */
export const SECRET_KEY_FILE = 'secret.key';

/** The secret file exists but does not hold a usable key. */
export class SecretKeyError extends Error {
  override readonly name = 'SecretKeyError';
}

function parse(file: string, text: string): Buffer {
  const key = Buffer.from(text.trim(), 'hex');
  if (key.length < 32) throw new SecretKeyError(`${file}: expected at least 32 bytes as hex, found ${key.length} bytes`);
  return key;
}

/**
 * Reads the secret of the data directory `dir`, creating it (0600) when the
 * file does not exist. Two processes racing to create it agree on one key.
 */
export function loadOrCreateSecretKey(dir: string): Buffer {
  const file = path.join(dir, SECRET_KEY_FILE);
  try {
    return parse(file, readFileSync(file, 'utf8'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  try {
    writeFileSync(file, randomBytes(32).toString('hex') + '\n', { mode: 0o600, flag: 'wx' });
    chmodSync(file, 0o600);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  return parse(file, readFileSync(file, 'utf8'));
}
