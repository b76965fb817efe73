import { createCipheriv, createDecipheriv, createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import { CryptoError, DecryptError } from './errors.js';
import { freshNonce } from './nonces.js';

export type AeadAlgorithm = 'AES-256-GCM' | 'SM4-CTR+HMAC-SM3';

export interface AeadSealed {
  nonce: Buffer;
  ciphertext: Buffer;
  tag: Buffer;
}

export interface AeadCipher {
  readonly name: AeadAlgorithm;
  /** The byte written into envelopes; never reuse a retired number for a different algorithm. */
  readonly id: number;
  readonly keyLength: number;
  readonly nonceLength: number;
  readonly tagLength: number;
  /** Hash used when a key for this cipher is derived (e.g. the KEK wrapping subkey). */
  readonly kdfHash: 'sha256' | 'sm3';
  seal(key: Buffer, plaintext: Buffer, aad?: Buffer): AeadSealed;
  open(key: Buffer, sealed: AeadSealed, aad?: Buffer): Buffer;
}

const EMPTY = Buffer.alloc(0);

function checkKey(cipher: AeadAlgorithm, key: Buffer, length: number): void {
  if (key.length !== length) {
    throw new CryptoError('CRYPTO_INVALID_INPUT', `${cipher} needs a ${length}-byte key, got ${key.length}`);
  }
}

function authFailed(cipher: AeadAlgorithm, cause?: unknown): DecryptError {
  return new DecryptError('CRYPTO_DECRYPT_FAILED', `${cipher}: authentication failed (wrong key, AAD or tampered data)`, { cause });
}

function gcmSeal(key: Buffer, plaintext: Buffer, aad: Buffer, nonce: Buffer): AeadSealed {
  checkKey('AES-256-GCM', key, 32);
  const cipher = createCipheriv('aes-256-gcm', key, nonce, { authTagLength: 16 });
  cipher.setAAD(aad);
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return { nonce, ciphertext, tag: cipher.getAuthTag() };
}

function gcmOpen(key: Buffer, sealed: AeadSealed, aad: Buffer): Buffer {
  checkKey('AES-256-GCM', key, 32);
  // Node would accept a truncated tag unless the length is pinned; a 4-byte tag is forgeable.
  if (sealed.nonce.length !== 12 || sealed.tag.length !== 16) throw authFailed('AES-256-GCM');
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, sealed.nonce, { authTagLength: 16 });
    decipher.setAAD(aad);
    decipher.setAuthTag(sealed.tag);
    return Buffer.concat([decipher.update(sealed.ciphertext), decipher.final()]);
  } catch (cause) {
    throw authFailed('AES-256-GCM', cause);
  }
}

/**
 * This OpenSSL has no SM4-GCM, so the gm profile composes SM4-CTR with HMAC-SM3 as
 * encrypt-then-MAC. One 32-byte data key feeds both through HKDF-SM3 with distinct labels, so
 * the cipher key and the MAC key are independent even though one key is stored.
 */
const sm4SubkeyCache = new WeakMap<Buffer, { enc: Buffer; mac: Buffer }>();

function sm4Subkeys(key: Buffer): { enc: Buffer; mac: Buffer } {
  checkKey('SM4-CTR+HMAC-SM3', key, 32);
  const cached = sm4SubkeyCache.get(key);
  if (cached) return cached;
  const derive = (label: string, length: number): Buffer =>
    Buffer.from(hkdfSync('sm3', key, EMPTY, `yixiang/sm4-ctr-hmac-sm3/v1/${label}`, length));
  const subkeys = { enc: derive('enc', 16), mac: derive('mac', 32) };
  sm4SubkeyCache.set(key, subkeys);
  return subkeys;
}

function sm4Tag(macKey: Buffer, aad: Buffer, nonce: Buffer, ciphertext: Buffer): Buffer {
  // The AAD length goes first so that moving bytes between AAD and ciphertext changes the tag.
  const aadLength = Buffer.alloc(8);
  aadLength.writeBigUInt64BE(BigInt(aad.length));
  return createHmac('sm3', macKey).update(aadLength).update(aad).update(nonce).update(ciphertext).digest();
}

function sm4Seal(key: Buffer, plaintext: Buffer, aad: Buffer, nonce: Buffer): AeadSealed {
  const { enc, mac } = sm4Subkeys(key);
  const cipher = createCipheriv('sm4-ctr', enc, nonce);
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return { nonce, ciphertext, tag: sm4Tag(mac, aad, nonce, ciphertext) };
}

function sm4Open(key: Buffer, sealed: AeadSealed, aad: Buffer): Buffer {
  const { enc, mac } = sm4Subkeys(key);
  if (sealed.nonce.length !== 16 || sealed.tag.length !== 32) throw authFailed('SM4-CTR+HMAC-SM3');
  const expected = sm4Tag(mac, aad, sealed.nonce, sealed.ciphertext);
  // Verify before decrypting: unauthenticated CTR output must never reach a caller.
  if (!timingSafeEqual(expected, sealed.tag)) throw authFailed('SM4-CTR+HMAC-SM3');
  const decipher = createDecipheriv('sm4-ctr', enc, sealed.nonce);
  return Buffer.concat([decipher.update(sealed.ciphertext), decipher.final()]);
}

function makeCipher(
  spec: Omit<AeadCipher, 'seal' | 'open'>,
  seal: (key: Buffer, plaintext: Buffer, aad: Buffer, nonce: Buffer) => AeadSealed,
  open: (key: Buffer, sealed: AeadSealed, aad: Buffer) => Buffer,
): AeadCipher {
  return Object.freeze({
    ...spec,
    seal: (key: Buffer, plaintext: Buffer, aad?: Buffer) => seal(key, plaintext, aad ?? EMPTY, freshNonce(spec.nonceLength)),
    open: (key: Buffer, sealed: AeadSealed, aad?: Buffer) => open(key, sealed, aad ?? EMPTY),
  });
}

export const AES_256_GCM: AeadCipher = makeCipher(
  { name: 'AES-256-GCM', id: 1, keyLength: 32, nonceLength: 12, tagLength: 16, kdfHash: 'sha256' },
  gcmSeal,
  gcmOpen,
);

export const SM4_CTR_HMAC_SM3: AeadCipher = makeCipher(
  { name: 'SM4-CTR+HMAC-SM3', id: 2, keyLength: 32, nonceLength: 16, tagLength: 32, kdfHash: 'sm3' },
  sm4Seal,
  sm4Open,
);

const BY_NAME: ReadonlyMap<string, AeadCipher> = new Map([AES_256_GCM, SM4_CTR_HMAC_SM3].map((c) => [c.name, c]));
const BY_ID: ReadonlyMap<number, AeadCipher> = new Map([AES_256_GCM, SM4_CTR_HMAC_SM3].map((c) => [c.id, c]));

export function aeadByName(name: string): AeadCipher {
  const cipher = BY_NAME.get(name);
  if (!cipher) throw new CryptoError('CRYPTO_UNSUPPORTED_ALGORITHM', `unknown AEAD algorithm "${name}"`);
  return cipher;
}

export function aeadById(id: number): AeadCipher | undefined {
  return BY_ID.get(id);
}

export function isAeadAlgorithm(name: string): name is AeadAlgorithm {
  return BY_NAME.has(name);
}

/**
 * Deterministic sealing for known-answer tests only; production code must let `seal` pick the
 * nonce, because a repeated (key, nonce) pair breaks both GCM and CTR completely.
 */
export function sealWithNonceForTest(cipher: AeadAlgorithm, key: Buffer, plaintext: Buffer, aad: Buffer, nonce: Buffer): AeadSealed {
  return cipher === 'AES-256-GCM' ? gcmSeal(key, plaintext, aad, nonce) : sm4Seal(key, plaintext, aad, nonce);
}
