import { CryptoError } from './errors.js';
import { SM2_DEFAULT_ID, sm2Sign, sm2Verify } from './sm2.js';
import { type AffinePoint, bigintToBytes, bytesToBigint, decodePoint } from './sm2-curve.js';

/**
 * SM2 in JOSE, our 国密 extension (no IANA registration exists): a JWK `{kty: "EC", crv: "SM2",
 * x, y}` with 32-byte big-endian coordinates in base64url, and a JWS `alg: "SM2"` whose signature is
 * r ‖ s (32 bytes each, as ES256 lays out ECDSA) over the JWS signing input, computed per
 * GB/T 32918.2 with SM3 and the GM/T 0009 default ID.
 */
export interface Sm2PublicJwk {
  kty: 'EC';
  crv: 'SM2';
  x: string;
  y: string;
}

const COORDINATE_BYTES = 32;

function coordinate(value: unknown, name: string): Buffer {
  const bytes = typeof value === 'string' && /^[\w-]+$/.test(value) ? Buffer.from(value, 'base64url') : null;
  if (!bytes || bytes.length !== COORDINATE_BYTES) throw new CryptoError('CRYPTO_INVALID_INPUT', `SM2 JWK "${name}" must be ${COORDINATE_BYTES} bytes in base64url`);
  return bytes;
}

/** The public point of an SM2 JWK; throws unless it lies on the SM2 curve. */
export function sm2PointFromJwk(jwk: { x?: unknown; y?: unknown }): AffinePoint {
  const point = decodePoint(Buffer.concat([Buffer.from([0x04]), coordinate(jwk.x, 'x'), coordinate(jwk.y, 'y')]));
  if (!point) throw new CryptoError('CRYPTO_INVALID_INPUT', 'SM2 JWK is not a point on the SM2 curve');
  return point;
}

export function sm2JwkFromPoint(point: AffinePoint): Sm2PublicJwk {
  return { kty: 'EC', crv: 'SM2', x: bigintToBytes(point.x).toString('base64url'), y: bigintToBytes(point.y).toString('base64url') };
}

/** Signs a JWS signing input (`base64url(header).base64url(payload)`); returns the 64-byte r ‖ s. */
export function sm2JwsSign(privateKey: bigint, publicKey: AffinePoint, signingInput: string): Buffer {
  const { r, s } = sm2Sign(privateKey, publicKey, Buffer.from(signingInput, 'ascii'), SM2_DEFAULT_ID);
  return Buffer.concat([bigintToBytes(r), bigintToBytes(s)]);
}

/** False for any signature that is not a valid 64-byte r ‖ s over the signing input. */
export function sm2JwsVerify(publicKey: AffinePoint, signingInput: string, signature: Uint8Array): boolean {
  if (signature.length !== 2 * COORDINATE_BYTES) return false;
  const r = bytesToBigint(signature.subarray(0, COORDINATE_BYTES));
  const s = bytesToBigint(signature.subarray(COORDINATE_BYTES));
  return sm2Verify(publicKey, Buffer.from(signingInput, 'ascii'), { r, s }, SM2_DEFAULT_ID);
}
