import { type KeyObject, createPrivateKey, createPublicKey, diffieHellman, generateKeyPairSync, hkdfSync, randomBytes } from 'node:crypto';
import {
  type AffinePoint,
  type HashAlgorithm,
  type ProfileName,
  derToPem,
  encodeSm2PrivateKey,
  encodeSm2PublicKey,
  encodeSm2PublicKeyPem,
  hashWith,
  parseSm2PrivateKey,
  parseSm2PublicKey,
  sm2Decrypt,
  sm2Encrypt,
  sm2GenerateKey,
} from '../../crypto/index.js';
import { PackageError } from './errors.js';

/**
 * The recipient's key pair and how a package's payload key is delivered to it:
 *
 *  - standard profile: X25519. The builder makes an ephemeral X25519 key, and the payload key is
 *    HKDF-SHA256(shared secret, salt = ephemeral ‖ recipient public key, info = KDF_INFO).
 *  - gm profile: SM2. The payload key is 32 random bytes, SM2-encrypted (GB/T 32918.4, C1C3C2) to
 *    the recipient; it keys SM4-CTR + HMAC-SM3.
 *
 * Keys travel as PEM: SPKI for the public half, PKCS#8 for the private half, so standard tools
 * (openssl pkey) can read them.
 */
export type RecipientAlgorithm = 'X25519' | 'SM2';

export type KeyEncapsulation = { algorithm: 'X25519-HKDF-SHA256'; ephemeralPublicKey: string } | { algorithm: 'SM2-ENCRYPT'; encryptedKey: string };

export interface RecipientPublicKey {
  algorithm: RecipientAlgorithm;
  /** SPKI DER: what the fingerprint is taken over. */
  spki: Buffer;
  x25519?: KeyObject;
  sm2?: AffinePoint;
}

export interface RecipientPrivateKey {
  publicKey: RecipientPublicKey;
  x25519?: KeyObject;
  sm2?: bigint;
}

const KDF_INFO = Buffer.from('yixiang/export-package/v1/payload-key');
export const PAYLOAD_KEY_LENGTH = 32;

export function recipientAlgorithmFor(profile: ProfileName): RecipientAlgorithm {
  return profile === 'gm' ? 'SM2' : 'X25519';
}

export function generateRecipientKeyPair(profile: ProfileName): { algorithm: RecipientAlgorithm; publicKeyPem: string; privateKeyPem: string } {
  if (recipientAlgorithmFor(profile) === 'SM2') {
    const pair = sm2GenerateKey();
    return { algorithm: 'SM2', publicKeyPem: encodeSm2PublicKeyPem(pair.publicKey), privateKeyPem: derToPem(encodeSm2PrivateKey(pair), 'PRIVATE KEY') };
  }
  const { publicKey, privateKey } = generateKeyPairSync('x25519');
  return {
    algorithm: 'X25519',
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  };
}

function x25519Public(key: KeyObject): RecipientPublicKey {
  return { algorithm: 'X25519', spki: key.export({ type: 'spki', format: 'der' }), x25519: key };
}

/** Accepts an SPKI PEM of an X25519 or SM2 key; anything else is refused with the reason. */
export function parseRecipientPublicKey(pem: string): RecipientPublicKey {
  if (pem.includes('PRIVATE KEY')) throw new PackageError('PACKAGE_KEY', 'a private key was given where the recipient public key belongs');
  try {
    const point = parseSm2PublicKey(pem);
    return { algorithm: 'SM2', spki: encodeSm2PublicKey(point), sm2: point };
  } catch {
    // Not SM2; try X25519 below.
  }
  let key: KeyObject;
  try {
    key = createPublicKey(pem);
  } catch (cause) {
    throw new PackageError('PACKAGE_KEY', 'the recipient public key is not a readable PEM public key', {}, { cause });
  }
  if (key.asymmetricKeyType !== 'x25519') throw new PackageError('PACKAGE_KEY', `the recipient public key is ${key.asymmetricKeyType ?? 'of an unknown type'}; expected X25519 or SM2`);
  return x25519Public(key);
}

export function parseRecipientPrivateKey(pem: string): RecipientPrivateKey {
  try {
    const pair = parseSm2PrivateKey(pem);
    return { publicKey: { algorithm: 'SM2', spki: encodeSm2PublicKey(pair.publicKey), sm2: pair.publicKey }, sm2: pair.d };
  } catch {
    // Not SM2; try X25519 below.
  }
  let key: KeyObject;
  try {
    key = createPrivateKey(pem);
  } catch (cause) {
    throw new PackageError('PACKAGE_KEY', 'the private key file is not a readable PEM private key', {}, { cause });
  }
  if (key.asymmetricKeyType !== 'x25519') throw new PackageError('PACKAGE_KEY', `the private key is ${key.asymmetricKeyType ?? 'of an unknown type'}; expected X25519 or SM2`);
  return { publicKey: x25519Public(createPublicKey(key)), x25519: key };
}

/** `SHA-256:<hex>` or `SM3:<hex>` of the SPKI DER; the algorithm is named so a reader can recompute it. */
export function keyFingerprint(key: RecipientPublicKey, algorithm: HashAlgorithm): string {
  return `${algorithm}:${hashWith(algorithm, key.spki).toString('hex')}`;
}

export function fingerprintMatches(key: RecipientPublicKey, fingerprint: string): boolean {
  const algorithm = fingerprint.split(':')[0];
  if (algorithm !== 'SHA-256' && algorithm !== 'SM3') return false;
  return keyFingerprint(key, algorithm) === fingerprint;
}

const rawX25519 = (key: KeyObject): Buffer => Buffer.from(key.export({ format: 'jwk' }).x ?? '', 'base64url');

function x25519Derive(privateKey: KeyObject, peer: KeyObject, ephemeral: Buffer, recipient: Buffer): Buffer {
  const shared = diffieHellman({ privateKey, publicKey: peer });
  // A low-order peer point yields an all-zero secret; RFC 7748 §6.1 says to refuse it.
  if (shared.every((byte) => byte === 0)) throw new PackageError('PACKAGE_KEY', 'X25519 produced an all-zero shared secret');
  return Buffer.from(hkdfSync('sha256', shared, Buffer.concat([ephemeral, recipient]), KDF_INFO, PAYLOAD_KEY_LENGTH));
}

/** A fresh payload key and what the recipient needs to recover it. */
export function encapsulate(recipient: RecipientPublicKey): { key: Buffer; encapsulation: KeyEncapsulation } {
  if (recipient.sm2) {
    const key = randomBytes(PAYLOAD_KEY_LENGTH);
    return { key, encapsulation: { algorithm: 'SM2-ENCRYPT', encryptedKey: sm2Encrypt(recipient.sm2, key).toString('base64') } };
  }
  const ephemeral = generateKeyPairSync('x25519');
  const ephemeralRaw = rawX25519(ephemeral.publicKey);
  const key = x25519Derive(ephemeral.privateKey, recipient.x25519!, ephemeralRaw, rawX25519(recipient.x25519!));
  return { key, encapsulation: { algorithm: 'X25519-HKDF-SHA256', ephemeralPublicKey: ephemeralRaw.toString('base64') } };
}

/** Recovers the payload key; a wrong private key fails here (SM2) or at the first frame (X25519). */
export function decapsulate(privateKey: RecipientPrivateKey, encapsulation: KeyEncapsulation): Buffer {
  if (encapsulation.algorithm === 'SM2-ENCRYPT') {
    if (privateKey.sm2 === undefined) throw new PackageError('PACKAGE_WRONG_KEY', 'the package is encrypted to an SM2 key, but the private key given is X25519');
    try {
      return sm2Decrypt(privateKey.sm2, Buffer.from(encapsulation.encryptedKey, 'base64'));
    } catch (cause) {
      throw new PackageError('PACKAGE_WRONG_KEY', 'the payload key does not decrypt with this private key (wrong key or altered header)', {}, { cause });
    }
  }
  if (!privateKey.x25519) throw new PackageError('PACKAGE_WRONG_KEY', 'the package is encrypted to an X25519 key, but the private key given is SM2');
  const ephemeralRaw = Buffer.from(encapsulation.ephemeralPublicKey, 'base64');
  if (ephemeralRaw.length !== 32) throw new PackageError('PACKAGE_MALFORMED', 'the ephemeral X25519 key in the header is not 32 bytes');
  const ephemeral = createPublicKey({ key: { kty: 'OKP', crv: 'X25519', x: ephemeralRaw.toString('base64url') }, format: 'jwk' });
  return x25519Derive(privateKey.x25519, ephemeral, ephemeralRaw, rawX25519(privateKey.publicKey.x25519!));
}
