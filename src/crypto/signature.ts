import { type KeyObject, createPrivateKey, createPublicKey, generateKeyPairSync, sign as nodeSign, verify as nodeVerify } from 'node:crypto';
import { CryptoError } from './errors.js';
import { SM2_DEFAULT_ID, sm2GenerateKey, sm2Sign, sm2Verify } from './sm2.js';
import {
  decodeSm2Signature,
  encodeSm2PrivateKey,
  encodeSm2PublicKeyPem,
  encodeSm2Signature,
  isSm2PublicKey,
  parseSm2PrivateKey,
  parseSm2PublicKey,
  type Sm2KeyPair,
} from './sm2-keys.js';

export type SignatureAlgorithm = 'Ed25519' | 'SM2';

/** Public key as SPKI PEM (shareable as is); private key as PKCS#8 DER (only ever stored wrapped). */
export interface SigningKeyPair {
  publicKey: string;
  privateKey: Buffer;
}

export type PublicKeyInput = string | Uint8Array;

export interface SignatureScheme {
  readonly name: SignatureAlgorithm;
  generateKeyPair(): SigningKeyPair;
  sign(privateKey: Uint8Array, data: Uint8Array): Buffer;
  /** False for a wrong or malformed signature; throws only if the public key itself is unusable. */
  verify(publicKey: PublicKeyInput, data: Uint8Array, signature: Uint8Array): boolean;
}

function ed25519PublicKey(input: PublicKeyInput): KeyObject {
  let key: KeyObject;
  try {
    key = typeof input === 'string' ? createPublicKey(input) : createPublicKey({ key: Buffer.from(input), format: 'der', type: 'spki' });
  } catch (cause) {
    throw new CryptoError('CRYPTO_INVALID_INPUT', 'not a valid Ed25519 public key', { cause });
  }
  if (key.asymmetricKeyType !== 'ed25519') throw new CryptoError('CRYPTO_INVALID_INPUT', 'not an Ed25519 public key');
  return key;
}

export const ED25519: SignatureScheme = Object.freeze({
  name: 'Ed25519' as const,
  generateKeyPair(): SigningKeyPair {
    const { publicKey, privateKey } = generateKeyPairSync('ed25519');
    return {
      publicKey: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
      privateKey: privateKey.export({ type: 'pkcs8', format: 'der' }),
    };
  },
  sign(privateKey: Uint8Array, data: Uint8Array): Buffer {
    const key = createPrivateKey({ key: Buffer.from(privateKey), format: 'der', type: 'pkcs8' });
    if (key.asymmetricKeyType !== 'ed25519') throw new CryptoError('CRYPTO_INVALID_INPUT', 'not an Ed25519 private key');
    return nodeSign(null, data, key);
  },
  verify(publicKey: PublicKeyInput, data: Uint8Array, signature: Uint8Array): boolean {
    const key = ed25519PublicKey(publicKey);
    if (signature.length !== 64) return false;
    return nodeVerify(null, data, key, signature);
  },
});

/** Parsing re-derives the public key (one scalar multiplication), so keep it per key buffer. */
const sm2KeyCache = new WeakMap<Uint8Array, { der: Buffer; key: Sm2KeyPair }>();

function sm2Key(privateKey: Uint8Array): Sm2KeyPair {
  const cached = sm2KeyCache.get(privateKey);
  // Compare contents too: a caller may reuse one buffer for different keys.
  if (cached && cached.der.equals(privateKey)) return cached.key;
  const key = parseSm2PrivateKey(privateKey);
  sm2KeyCache.set(privateKey, { der: Buffer.from(privateKey), key });
  return key;
}

/** Signatures use the GM/T 0009 default ID, which is what other 国密 verifiers assume. */
export const SM2: SignatureScheme = Object.freeze({
  name: 'SM2' as const,
  generateKeyPair(): SigningKeyPair {
    const key = sm2GenerateKey();
    return { publicKey: encodeSm2PublicKeyPem(key.publicKey), privateKey: encodeSm2PrivateKey(key) };
  },
  sign(privateKey: Uint8Array, data: Uint8Array): Buffer {
    const { d, publicKey } = sm2Key(privateKey);
    return encodeSm2Signature(sm2Sign(d, publicKey, data, SM2_DEFAULT_ID));
  },
  verify(publicKey: PublicKeyInput, data: Uint8Array, signature: Uint8Array): boolean {
    const point = parseSm2PublicKey(publicKey);
    const decoded = decodeSm2Signature(signature);
    return decoded !== null && sm2Verify(point, data, decoded, SM2_DEFAULT_ID);
  },
});

export function signatureScheme(name: string): SignatureScheme {
  if (name === 'Ed25519') return ED25519;
  if (name === 'SM2') return SM2;
  throw new CryptoError('CRYPTO_UNSUPPORTED_ALGORITHM', `unknown signature algorithm "${name}"`);
}

/** Lets a verifier holding only a public key (e.g. from a published checkpoint) pick the scheme. */
export function detectSignatureAlgorithm(publicKey: PublicKeyInput): SignatureAlgorithm {
  if (isSm2PublicKey(publicKey)) return 'SM2';
  ed25519PublicKey(publicKey);
  return 'Ed25519';
}
