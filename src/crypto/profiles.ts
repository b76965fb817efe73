import { createHash, createHmac } from 'node:crypto';
import { AES_256_GCM, type AeadAlgorithm, type AeadCipher, type AeadSealed, SM4_CTR_HMAC_SM3 } from './aead.js';
import { CryptoError } from './errors.js';
import { ED25519, type PublicKeyInput, SM2, type SignatureAlgorithm, type SignatureScheme, type SigningKeyPair } from './signature.js';

export type ProfileName = 'standard' | 'gm';
export type HashAlgorithm = 'SHA-256' | 'SM3';
export type MacAlgorithm = 'HMAC-SHA-256' | 'HMAC-SM3';

export type BinaryInput = Uint8Array | string;

/**
 * A profile fixes which algorithms *new* keys, envelopes and signatures use. Reading old data
 * never consults the profile: envelopes and key rows name their own algorithm, so switching
 * profiles does not strand anything already written.
 */
export interface CryptoProfile {
  readonly name: ProfileName;
  readonly hashAlgorithm: HashAlgorithm;
  readonly hashLength: number;
  readonly macAlgorithm: MacAlgorithm;
  readonly aeadAlgorithm: AeadAlgorithm;
  readonly signatureAlgorithm: SignatureAlgorithm;
  readonly aead: AeadCipher;
  readonly signer: SignatureScheme;
  hash(data: BinaryInput): Buffer;
  hmac(key: Uint8Array, data: BinaryInput): Buffer;
  aeadEncrypt(key: Buffer, plaintext: Buffer, aad?: Buffer): AeadSealed;
  aeadDecrypt(key: Buffer, sealed: AeadSealed, aad?: Buffer): Buffer;
  generateSigningKeyPair(): SigningKeyPair;
  sign(privateKey: Uint8Array, data: BinaryInput): Buffer;
  verify(publicKey: PublicKeyInput, data: BinaryInput, signature: Uint8Array): boolean;
}

const NODE_HASH: Record<HashAlgorithm, string> = { 'SHA-256': 'sha256', SM3: 'sm3' };

/** Strings are hashed as UTF-8, so a value hashes the same whether given as text or bytes. */
export function toBytes(data: BinaryInput): Buffer {
  return typeof data === 'string' ? Buffer.from(data, 'utf8') : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
}

export function hashWith(algorithm: HashAlgorithm, data: BinaryInput): Buffer {
  return createHash(NODE_HASH[algorithm]).update(toBytes(data)).digest();
}

export function hmacWith(algorithm: MacAlgorithm, key: Uint8Array, data: BinaryInput): Buffer {
  const hash = algorithm === 'HMAC-SHA-256' ? 'sha256' : 'sm3';
  return createHmac(hash, key).update(toBytes(data)).digest();
}

export function isMacAlgorithm(name: string): name is MacAlgorithm {
  return name === 'HMAC-SHA-256' || name === 'HMAC-SM3';
}

function makeProfile(
  name: ProfileName,
  hashAlgorithm: HashAlgorithm,
  macAlgorithm: MacAlgorithm,
  aead: AeadCipher,
  signer: SignatureScheme,
): CryptoProfile {
  return Object.freeze({
    name,
    hashAlgorithm,
    hashLength: 32,
    macAlgorithm,
    aeadAlgorithm: aead.name,
    signatureAlgorithm: signer.name,
    aead,
    signer,
    hash: (data: BinaryInput) => hashWith(hashAlgorithm, data),
    hmac: (key: Uint8Array, data: BinaryInput) => hmacWith(macAlgorithm, key, data),
    aeadEncrypt: (key: Buffer, plaintext: Buffer, aad?: Buffer) => aead.seal(key, plaintext, aad),
    aeadDecrypt: (key: Buffer, sealed: AeadSealed, aad?: Buffer) => aead.open(key, sealed, aad),
    generateSigningKeyPair: () => signer.generateKeyPair(),
    sign: (privateKey: Uint8Array, data: BinaryInput) => signer.sign(privateKey, toBytes(data)),
    verify: (publicKey: PublicKeyInput, data: BinaryInput, signature: Uint8Array) => signer.verify(publicKey, toBytes(data), signature),
  });
}

const PROFILES: Readonly<Record<ProfileName, CryptoProfile>> = {
  standard: makeProfile('standard', 'SHA-256', 'HMAC-SHA-256', AES_256_GCM, ED25519),
  gm: makeProfile('gm', 'SM3', 'HMAC-SM3', SM4_CTR_HMAC_SM3, SM2),
};

export const PROFILE_NAMES: readonly ProfileName[] = ['standard', 'gm'];

export function isProfileName(value: string): value is ProfileName {
  return (PROFILE_NAMES as readonly string[]).includes(value);
}

export function getProfile(name: string): CryptoProfile {
  if (!isProfileName(name)) {
    throw new CryptoError('CRYPTO_CONFIG', `unknown crypto profile "${name}"; expected one of: ${PROFILE_NAMES.join(', ')}`);
  }
  return PROFILES[name];
}

/** Reads YIXIANG_CRYPTO_PROFILE; unset or empty means `standard`, anything unknown is an error. */
export function profileFromEnv(env: Readonly<Record<string, string | undefined>>): CryptoProfile {
  const raw = env.YIXIANG_CRYPTO_PROFILE?.trim();
  if (!raw) return PROFILES.standard;
  if (!isProfileName(raw)) {
    throw new CryptoError('CRYPTO_CONFIG', `YIXIANG_CRYPTO_PROFILE must be one of: ${PROFILE_NAMES.join(', ')} (got "${raw}")`);
  }
  return PROFILES[raw];
}
