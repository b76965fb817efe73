import { createHash, timingSafeEqual } from 'node:crypto';
import { CryptoError, DecryptError } from './errors.js';
import { type AffinePoint, SM2_N, bigintToBytes, decodePoint, encodePoint, multiplyBase, multiplyPoint } from './sm2-curve.js';
import { randomScalar } from './sm2.js';

/**
 * SM2 public-key encryption per GB/T 32918.4-2016 §6–7 (GM/T 0003.4-2012), ciphertext laid out as
 * C1 ‖ C3 ‖ C2 (the 2016 order; the 2012 draft put C2 before C3). C1 is the uncompressed point
 * 04 ‖ x1 ‖ y1, C3 the SM3 check value, C2 the masked message.
 *
 * Node cannot do this: crypto.publicEncrypt throws on an SM2 key (sm2-encrypt.test.ts records it),
 * so OpenSSL's SM2 encryption is out of reach. The curve arithmetic is the signatures' (sm2-curve.ts).
 */

const C1_LENGTH = 65;
const C3_LENGTH = 32;

function sm3(...parts: Uint8Array[]): Buffer {
  const h = createHash('sm3');
  for (const part of parts) h.update(part);
  return h.digest();
}

/** The key derivation function of GB/T 32918.4 §5.4.3: SM3(Z ‖ ct) for ct = 1, 2, … (32-bit big-endian). */
export function sm2Kdf(z: Uint8Array, length: number): Buffer {
  const out = Buffer.alloc(length);
  const counter = Buffer.alloc(4);
  for (let ct = 1, offset = 0; offset < length; ct++, offset += 32) {
    counter.writeUInt32BE(ct);
    sm3(z, counter).copy(out, offset);
  }
  return out;
}

const allZero = (bytes: Uint8Array): boolean => bytes.every((byte) => byte === 0);

function xor(a: Uint8Array, b: Uint8Array): Buffer {
  const out = Buffer.alloc(a.length);
  for (let i = 0; i < a.length; i++) out[i] = a[i]! ^ b[i]!;
  return out;
}

/**
 * One encryption attempt with a caller-chosen k (§6.1 steps A1–A8). Returns null when the standard
 * says to pick another k (the derived mask t is all zeros). Exposed for the standard's fixed-k
 * known-answer test; everything else uses sm2Encrypt, which draws k itself.
 */
export function sm2EncryptWithNonce(publicKey: AffinePoint, message: Uint8Array, k: bigint): Buffer | null {
  if (message.length === 0) throw new CryptoError('CRYPTO_INVALID_INPUT', 'SM2 encryption needs a non-empty message');
  if (k < 1n || k >= SM2_N) throw new CryptoError('CRYPTO_INVALID_INPUT', 'SM2 nonce out of range');
  const c1 = multiplyBase(k);
  // The cofactor h is 1, so step A4 (S = h·P_B ≠ O) holds for any validated public key.
  const shared = multiplyPoint(k, publicKey);
  if (!c1 || !shared) return null;
  const x2 = bigintToBytes(shared.x);
  const y2 = bigintToBytes(shared.y);
  const t = sm2Kdf(Buffer.concat([x2, y2]), message.length);
  if (allZero(t)) return null;
  return Buffer.concat([encodePoint(c1), sm3(x2, message, y2), xor(message, t)]);
}

export function sm2Encrypt(publicKey: AffinePoint, message: Uint8Array): Buffer {
  for (;;) {
    const ciphertext = sm2EncryptWithNonce(publicKey, message, randomScalar());
    if (ciphertext) return ciphertext;
  }
}

/**
 * §7.1 steps B1–B7. Every failure (malformed C1, a point off the curve, a wrong key, altered bytes)
 * is one DecryptError, so a caller cannot learn which check tripped.
 */
export function sm2Decrypt(d: bigint, ciphertext: Uint8Array): Buffer {
  const failed = (): DecryptError => new DecryptError('CRYPTO_DECRYPT_FAILED', 'SM2: decryption failed (wrong key or altered ciphertext)');
  if (ciphertext.length <= C1_LENGTH + C3_LENGTH) throw failed();
  const c1 = decodePoint(ciphertext.subarray(0, C1_LENGTH));
  if (!c1) throw failed();
  const shared = multiplyPoint(d, c1);
  if (!shared) throw failed();
  const x2 = bigintToBytes(shared.x);
  const y2 = bigintToBytes(shared.y);
  const c3 = ciphertext.subarray(C1_LENGTH, C1_LENGTH + C3_LENGTH);
  const c2 = ciphertext.subarray(C1_LENGTH + C3_LENGTH);
  const t = sm2Kdf(Buffer.concat([x2, y2]), c2.length);
  if (allZero(t)) throw failed();
  const message = xor(c2, t);
  if (!timingSafeEqual(sm3(x2, message, y2), c3)) throw failed();
  return message;
}
