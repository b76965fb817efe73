import { createHash, randomBytes } from 'node:crypto';
import {
  type AffinePoint,
  SM2_A,
  SM2_B,
  SM2_GX,
  SM2_GY,
  SM2_N,
  bigintToBytes,
  bytesToBigint,
  mod,
  modInverse,
  multiplyBase,
  multiplyTwo,
} from './sm2-curve.js';
import { CryptoError } from './errors.js';

/**
 * SM2 digital signatures per GB/T 32918.2-2016 §6–7 (GM/T 0003.2-2012).
 *
 * Node cannot be used here: a key from generateKeyPairSync('ec', { namedCurve: 'SM2' }) signs
 * with plain ECDSA, and a key re-imported from PEM does sign with the SM2 formula but computes
 * Z_A over an empty ID, with no API to set the ID. Neither interoperates with other 国密
 * implementations, which use the GM/T 0009 default ID below. sm2.test.ts records both findings.
 */

/** Default distinguishing ID from GM/T 0009-2012 §10, used when the parties agree on none. */
export const SM2_DEFAULT_ID = '1234567812345678';

export interface Sm2Signature {
  r: bigint;
  s: bigint;
}

function sm3(...parts: Uint8Array[]): Buffer {
  const h = createHash('sm3');
  for (const part of parts) h.update(part);
  return h.digest();
}

function idBytes(id: string | Uint8Array): Buffer {
  const bytes = typeof id === 'string' ? Buffer.from(id, 'utf8') : Buffer.from(id);
  // ENTL is a 16-bit bit count.
  if (bytes.length * 8 > 0xffff) throw new CryptoError('CRYPTO_INVALID_INPUT', 'SM2 ID longer than 8191 bytes');
  return bytes;
}

/** Z_A = SM3(ENTL_A ‖ ID_A ‖ a ‖ b ‖ x_G ‖ y_G ‖ x_A ‖ y_A), binding signer identity and curve. */
export function sm2Za(publicKey: AffinePoint, id: string | Uint8Array = SM2_DEFAULT_ID): Buffer {
  const idb = idBytes(id);
  const entl = Buffer.alloc(2);
  entl.writeUInt16BE(idb.length * 8);
  return sm3(
    entl,
    idb,
    bigintToBytes(SM2_A),
    bigintToBytes(SM2_B),
    bigintToBytes(SM2_GX),
    bigintToBytes(SM2_GY),
    bigintToBytes(publicKey.x),
    bigintToBytes(publicKey.y),
  );
}

function messageDigest(publicKey: AffinePoint, message: Uint8Array, id: string | Uint8Array): bigint {
  return bytesToBigint(sm3(sm2Za(publicKey, id), message));
}

/** A uniform scalar in [1, n-2]; n-1 is excluded because a private key needs 1 + d invertible. */
export function randomScalar(): bigint {
  for (;;) {
    const candidate = bytesToBigint(randomBytes(32));
    if (candidate >= 1n && candidate <= SM2_N - 2n) return candidate;
  }
}

export function sm2PublicFromPrivate(d: bigint): AffinePoint {
  if (d < 1n || d > SM2_N - 2n) throw new CryptoError('CRYPTO_INVALID_INPUT', 'SM2 private key out of range');
  const pt = multiplyBase(d);
  if (!pt) throw new CryptoError('CRYPTO_INVALID_INPUT', 'SM2 private key out of range');
  return pt;
}

export function sm2GenerateKey(): { d: bigint; publicKey: AffinePoint } {
  const d = randomScalar();
  return { d, publicKey: sm2PublicFromPrivate(d) };
}

/**
 * One signing attempt with a caller-chosen k (GB/T 32918.2 §6.1 steps A3–A6). Returns null when
 * the standard says to pick another k. Exposed for the standard's fixed-k known-answer test.
 */
export function sm2SignWithNonce(
  d: bigint,
  publicKey: AffinePoint,
  message: Uint8Array,
  k: bigint,
  id: string | Uint8Array = SM2_DEFAULT_ID,
): Sm2Signature | null {
  const e = messageDigest(publicKey, message, id);
  const kG = multiplyBase(k);
  if (!kG) return null;
  const r = mod(e + kG.x, SM2_N);
  if (r === 0n || r + k === SM2_N) return null;
  const s = mod(modInverse(1n + d, SM2_N) * (k - r * d), SM2_N);
  if (s === 0n) return null;
  return { r, s };
}

export function sm2Sign(d: bigint, publicKey: AffinePoint, message: Uint8Array, id: string | Uint8Array = SM2_DEFAULT_ID): Sm2Signature {
  for (;;) {
    const signature = sm2SignWithNonce(d, publicKey, message, randomScalar(), id);
    if (signature) return signature;
  }
}

/** GB/T 32918.2 §7.1 steps B1–B7. */
export function sm2Verify(
  publicKey: AffinePoint,
  message: Uint8Array,
  signature: Sm2Signature,
  id: string | Uint8Array = SM2_DEFAULT_ID,
): boolean {
  const { r, s } = signature;
  if (r < 1n || r >= SM2_N || s < 1n || s >= SM2_N) return false;
  const t = mod(r + s, SM2_N);
  if (t === 0n) return false;
  const e = messageDigest(publicKey, message, id);
  const point = multiplyTwo(s, t, publicKey);
  if (!point) return false;
  return mod(e + point.x, SM2_N) === r;
}
