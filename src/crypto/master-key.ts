import { closeSync, existsSync, fstatSync, linkSync, mkdirSync, openSync, readFileSync, renameSync, unlinkSync, writeFileSync, fsyncSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { CryptoError } from './errors.js';
import { type HashAlgorithm, hashWith } from './profiles.js';

export const MASTER_KEY_ENV = 'YIXIANG_MASTER_KEY';
export const MASTER_KEY_FILE = 'master.key';
/** The new key of a master-key rotation until the rotation has committed (`yixiang keys rotate-master`). */
export const PENDING_MASTER_KEY_FILE = 'master.key.next';

export type MasterKeySource = { kind: 'env'; variable: typeof MASTER_KEY_ENV } | { kind: 'file'; path: string };

export interface MasterKey {
  /** The 32-byte key-encryption key. Never log, serialise or return this outside the keyring. */
  readonly key: Buffer;
  readonly source: MasterKeySource;
  /** True when this call generated the key file (first run). */
  readonly created: boolean;
}

export interface LoadMasterKeyOptions {
  env: Readonly<Record<string, string | undefined>>;
  /** Directory for master.key when the environment variable is not set (e.g. ./data). */
  dataDir: string;
}

const HEX_32 = /^[0-9a-fA-F]{64}$/;
const BASE64_32 = /^[A-Za-z0-9+/]{43}=?$/;
const BASE64URL_32 = /^[A-Za-z0-9_-]{43}$/;

/** Parses 32 bytes given as hex or base64; `origin` names the variable or file in the error. */
export function parseMasterKey(text: string, origin: string): Buffer {
  const value = text.trim();
  let key: Buffer | undefined;
  if (HEX_32.test(value)) key = Buffer.from(value, 'hex');
  else if (BASE64_32.test(value)) key = Buffer.from(value, 'base64');
  else if (BASE64URL_32.test(value)) key = Buffer.from(value, 'base64url');
  // The value itself is never echoed: a near-miss is still mostly a secret.
  if (!key || key.length !== 32) {
    throw new CryptoError(
      'CRYPTO_CONFIG',
      `${origin} must be 32 random bytes written as 64 hex characters or 44 base64 characters (got ${value.length} characters). ` +
        `Generate one with: node -e "console.log(require('crypto').randomBytes(32).toString('base64'))"`,
    );
  }
  if (key.every((byte) => byte === key[0])) {
    throw new CryptoError('CRYPTO_CONFIG', `${origin} is a placeholder (all bytes equal), not a random key`);
  }
  return key;
}

/**
 * Short public fingerprint of the KEK, stored next to every wrapped key so a wrong master key is
 * reported as such instead of as a pile of decryption failures. Domain-separated so it can never
 * equal any other hash the platform publishes.
 */
export function kekFingerprint(key: Buffer, hash: HashAlgorithm): string {
  return hashWith(hash, Buffer.concat([Buffer.from('yixiang/kek-id/v1\0', 'utf8'), key])).subarray(0, 8).toString('hex');
}

/** Reads a key file, refusing one that group or others may read or write. */
export function readKeyFile(path: string): Buffer {
  const fd = openSync(path, 'r');
  try {
    // Stat the open descriptor, not the path, so the file checked is the file read.
    const stat = fstatSync(fd);
    if (!stat.isFile()) throw new CryptoError('CRYPTO_CONFIG', `master key path ${path} is not a regular file`);
    if (process.platform !== 'win32' && (stat.mode & 0o077) !== 0) {
      const mode = (stat.mode & 0o777).toString(8).padStart(4, '0');
      throw new CryptoError(
        'CRYPTO_KEY_FILE_INSECURE',
        `master key file ${path} is readable or writable by group/others (mode ${mode}); refusing to start. Fix with: chmod 600 ${path}`,
      );
    }
    return parseMasterKey(readFileSync(fd, 'utf8'), `master key file ${path}`);
  } finally {
    closeSync(fd);
  }
}

/**
 * Writes a fresh key to a private temp file and hard-links it into place: link() fails if the
 * target exists, so concurrent first starts agree on one key and nobody reads a half-written file.
 */
function createKeyFile(dataDir: string, path: string): boolean {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const tmp = join(dataDir, `.${MASTER_KEY_FILE}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  const fd = openSync(tmp, 'wx', 0o600);
  try {
    writeFileSync(fd, `${randomBytes(32).toString('base64')}\n`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  try {
    linkSync(tmp, path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    unlinkSync(tmp);
  }
}

/** The environment variable wins over the file, so production can keep the key off the disk. */
export function loadMasterKey(options: LoadMasterKeyOptions): MasterKey {
  const fromEnv = options.env[MASTER_KEY_ENV];
  if (fromEnv !== undefined && fromEnv.trim() !== '') {
    return { key: parseMasterKey(fromEnv, MASTER_KEY_ENV), source: { kind: 'env', variable: MASTER_KEY_ENV }, created: false };
  }
  const path = join(options.dataDir, MASTER_KEY_FILE);
  try {
    return { key: readKeyFile(path), source: { kind: 'file', path }, created: false };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const created = createKeyFile(options.dataDir, path);
  // Read back through the same checks rather than trusting the bytes just written.
  return { key: readKeyFile(path), source: { kind: 'file', path }, created };
}

/**
 * The new key of a master-key rotation in the data directory: created by the first run, read back
 * by a run that finishes an interrupted one, so both runs rotate to the same key.
 */
export function pendingMasterKey(dataDir: string): Buffer {
  const path = join(dataDir, PENDING_MASTER_KEY_FILE);
  if (!existsSync(path)) {
    createKeyFile(dataDir, path);
    // The key rows are about to depend on this file: its directory entry must be on disk first.
    syncDirectory(dataDir);
  }
  return readKeyFile(path);
}

function syncDirectory(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/**
 * Once the key rows are under the pending key: keeps the current key as
 * `master.key.retired-<fingerprint>` (backups taken before the rotation need it) and renames the
 * pending key over `master.key` in one step. Returns the retired key's path.
 */
export function promotePendingMasterKey(dataDir: string, retiredKekId: string): string {
  const current = join(dataDir, MASTER_KEY_FILE);
  const retired = join(dataDir, `${MASTER_KEY_FILE}.retired-${retiredKekId}`);
  try {
    linkSync(current, retired);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    // A run interrupted after this step kept it already; anything else there must not be replaced.
    if (!readKeyFile(retired).equals(readKeyFile(current))) throw new CryptoError('CRYPTO_CONFIG', `${retired} exists and holds another key; move it away and run again`);
  }
  renameSync(join(dataDir, PENDING_MASTER_KEY_FILE), current);
  syncDirectory(dataDir);
  return retired;
}
