import { CryptoError } from './errors.js';
import {
  DerError,
  TAG_BIT_STRING,
  TAG_INTEGER,
  TAG_OCTET_STRING,
  TAG_OID,
  TAG_SEQUENCE,
  decodeUnsignedInteger,
  derToPem,
  encodeTlv,
  encodeUnsignedInteger,
  expectTag,
  pemToDer,
  readChildren,
  readTlv,
} from './der.js';
import { type AffinePoint, SM2_N, bigintToBytes, decodePoint, encodePoint } from './sm2-curve.js';
import { type Sm2Signature, sm2PublicFromPrivate } from './sm2.js';

/**
 * SM2 keys in the same containers OpenSSL and GmSSL use: SPKI / PKCS#8 with algorithm
 * id-ecPublicKey and the SM2 curve OID as parameter, so exported keys open in other tools.
 */

const OID_EC_PUBLIC_KEY = Buffer.from('2a8648ce3d0201', 'hex'); // 1.2.840.10045.2.1
const OID_SM2_CURVE = Buffer.from('2a811ccf5501822d', 'hex'); // 1.2.156.10197.1.301
const ALGORITHM_ID = encodeTlv(TAG_SEQUENCE, Buffer.concat([encodeTlv(TAG_OID, OID_EC_PUBLIC_KEY), encodeTlv(TAG_OID, OID_SM2_CURVE)]));

export interface Sm2KeyPair {
  d: bigint;
  publicKey: AffinePoint;
}

function invalid(what: string, cause: unknown): CryptoError {
  const detail = cause instanceof Error ? `: ${cause.message}` : '';
  return new CryptoError('CRYPTO_INVALID_INPUT', `not a valid SM2 ${what}${detail}`, { cause });
}

function checkAlgorithm(algorithmId: Buffer): void {
  const [oid, params] = readChildren(algorithmId);
  const oidValue = expectTag(oid, TAG_OID, 'algorithm OID');
  const paramValue = expectTag(params, TAG_OID, 'curve OID');
  if (!oidValue.equals(OID_EC_PUBLIC_KEY) || !paramValue.equals(OID_SM2_CURVE)) throw new DerError('not an SM2 key');
}

function toDer(input: string | Uint8Array, label: string): Buffer {
  return typeof input === 'string' ? pemToDer(input, label) : Buffer.from(input);
}

export function encodeSm2PublicKey(publicKey: AffinePoint): Buffer {
  const bits = Buffer.concat([Buffer.from([0]), encodePoint(publicKey)]);
  return encodeTlv(TAG_SEQUENCE, Buffer.concat([ALGORITHM_ID, encodeTlv(TAG_BIT_STRING, bits)]));
}

export function encodeSm2PublicKeyPem(publicKey: AffinePoint): string {
  return derToPem(encodeSm2PublicKey(publicKey), 'PUBLIC KEY');
}

/** Accepts SPKI as DER bytes or a PEM "PUBLIC KEY" string. */
export function parseSm2PublicKey(input: string | Uint8Array): AffinePoint {
  try {
    const der = toDer(input, 'PUBLIC KEY');
    const outer = readTlv(der, 0);
    if (outer.end !== der.length) throw new DerError('trailing bytes');
    const [algorithm, key] = readChildren(expectTag(outer, TAG_SEQUENCE, 'SPKI'));
    checkAlgorithm(expectTag(algorithm, TAG_SEQUENCE, 'AlgorithmIdentifier'));
    const bits = expectTag(key, TAG_BIT_STRING, 'public key BIT STRING');
    if (bits[0] !== 0) throw new DerError('public key BIT STRING has unused bits');
    const point = decodePoint(bits.subarray(1));
    if (!point) throw new DerError('public key is not a point on the SM2 curve');
    return point;
  } catch (cause) {
    throw invalid('public key', cause);
  }
}

export function isSm2PublicKey(input: string | Uint8Array): boolean {
  try {
    parseSm2PublicKey(input);
    return true;
  } catch {
    return false;
  }
}

export function encodeSm2PrivateKey(key: Sm2KeyPair): Buffer {
  const publicBits = encodeTlv(TAG_BIT_STRING, Buffer.concat([Buffer.from([0]), encodePoint(key.publicKey)]));
  const ecPrivateKey = encodeTlv(
    TAG_SEQUENCE,
    Buffer.concat([encodeUnsignedInteger(1n), encodeTlv(TAG_OCTET_STRING, bigintToBytes(key.d)), encodeTlv(0xa1, publicBits)]),
  );
  return encodeTlv(
    TAG_SEQUENCE,
    Buffer.concat([encodeUnsignedInteger(0n), ALGORITHM_ID, encodeTlv(TAG_OCTET_STRING, ecPrivateKey)]),
  );
}

/** Accepts PKCS#8 as DER bytes or a PEM "PRIVATE KEY" string; recomputes and checks the public key. */
export function parseSm2PrivateKey(input: string | Uint8Array): Sm2KeyPair {
  try {
    const der = toDer(input, 'PRIVATE KEY');
    const outer = readTlv(der, 0);
    if (outer.end !== der.length) throw new DerError('trailing bytes');
    const [version, algorithm, privateKey] = readChildren(expectTag(outer, TAG_SEQUENCE, 'PKCS#8'));
    if (decodeUnsignedInteger(expectTag(version, TAG_INTEGER, 'version')) !== 0n) throw new DerError('unsupported PKCS#8 version');
    checkAlgorithm(expectTag(algorithm, TAG_SEQUENCE, 'AlgorithmIdentifier'));
    const ecDer = expectTag(privateKey, TAG_OCTET_STRING, 'privateKey OCTET STRING');
    const ec = readChildren(expectTag(readTlv(ecDer, 0), TAG_SEQUENCE, 'ECPrivateKey'));
    if (decodeUnsignedInteger(expectTag(ec[0], TAG_INTEGER, 'ECPrivateKey version')) !== 1n) throw new DerError('unsupported ECPrivateKey version');
    const d = BigInt(`0x${expectTag(ec[1], TAG_OCTET_STRING, 'private scalar').toString('hex') || '0'}`);
    if (d < 1n || d > SM2_N - 2n) throw new DerError('private scalar out of range');
    const publicKey = sm2PublicFromPrivate(d);
    const embedded = ec.find((tlv) => tlv.tag === 0xa1);
    if (embedded) {
      const bits = expectTag(readTlv(embedded.value, 0), TAG_BIT_STRING, 'embedded public key');
      if (!bits.subarray(1).equals(encodePoint(publicKey))) throw new DerError('embedded public key does not match');
    }
    return { d, publicKey };
  } catch (cause) {
    throw invalid('private key', cause);
  }
}

/** GM/T 0009 encodes an SM2 signature as SEQUENCE { r INTEGER, s INTEGER }, like ECDSA. */
export function encodeSm2Signature(signature: Sm2Signature): Buffer {
  return encodeTlv(TAG_SEQUENCE, Buffer.concat([encodeUnsignedInteger(signature.r), encodeUnsignedInteger(signature.s)]));
}

/** Returns null for anything that is not strict DER, so a malformed signature simply fails to verify. */
export function decodeSm2Signature(der: Uint8Array): Sm2Signature | null {
  try {
    const buf = Buffer.from(der);
    const outer = readTlv(buf, 0);
    if (outer.end !== buf.length) return null;
    const parts = readChildren(expectTag(outer, TAG_SEQUENCE, 'signature'));
    if (parts.length !== 2) return null;
    return {
      r: decodeUnsignedInteger(expectTag(parts[0], TAG_INTEGER, 'r')),
      s: decodeUnsignedInteger(expectTag(parts[1], TAG_INTEGER, 's')),
    };
  } catch {
    return null;
  }
}
