/**
 * Arithmetic on the SM2 recommended curve (GB/T 32918.5-2017). It exists only because Node
 * exposes no way to compute a GB/T 32918.2 signature with a distinguishing ID (see sm2.ts); SM3,
 * randomness and everything else still come from node:crypto.
 *
 * BigInt operations are not constant-time. Signing therefore uses a Montgomery ladder, which at
 * least performs the same sequence of point operations for every scalar; this narrows, but does
 * not eliminate, the timing side channel. Verification handles only public data.
 */

export const SM2_P = 0xfffffffeffffffffffffffffffffffffffffffff00000000ffffffffffffffffn;
export const SM2_A = 0xfffffffeffffffffffffffffffffffffffffffff00000000fffffffffffffffcn;
export const SM2_B = 0x28e9fa9e9d9f5e344d5a9e4bcf6509a7f39789f515ab8f92ddbcbd414d940e93n;
export const SM2_N = 0xfffffffeffffffffffffffffffffffff7203df6b21c6052b53bbf40939d54123n;
export const SM2_GX = 0x32c4ae2c1f1981195f9904466a39c9948fe30bbff2660be1715a4589334c74c7n;
export const SM2_GY = 0xbc3736a2f4f6779c59bdcee36b692153d0a9877cc62a474002df32e52139f0a0n;

export interface AffinePoint {
  x: bigint;
  y: bigint;
}

/** Jacobian coordinates (X/Z², Y/Z³) avoid a field inversion per addition; z = 0 is infinity. */
interface JacobianPoint {
  x: bigint;
  y: bigint;
  z: bigint;
}

const INFINITY: JacobianPoint = { x: 1n, y: 1n, z: 0n };
const G: JacobianPoint = { x: SM2_GX, y: SM2_GY, z: 1n };

export function mod(value: bigint, m: bigint): bigint {
  const r = value % m;
  return r < 0n ? r + m : r;
}

export function modPow(base: bigint, exponent: bigint, m: bigint): bigint {
  let result = 1n;
  let b = mod(base, m);
  let e = exponent;
  while (e > 0n) {
    if (e & 1n) result = (result * b) % m;
    b = (b * b) % m;
    e >>= 1n;
  }
  return result;
}

/** Both p and n are prime, so Fermat's little theorem gives the inverse. */
export function modInverse(value: bigint, primeModulus: bigint): bigint {
  return modPow(value, primeModulus - 2n, primeModulus);
}

const fp = (v: bigint): bigint => mod(v, SM2_P);

// Doubling formula for a = -3 (SM2's a is p - 3), "dbl-2001-b" from the Explicit-Formulas Database.
function double(pt: JacobianPoint): JacobianPoint {
  if (pt.z === 0n || pt.y === 0n) return INFINITY;
  const delta = fp(pt.z * pt.z);
  const gamma = fp(pt.y * pt.y);
  const beta = fp(pt.x * gamma);
  const alpha = fp(3n * (pt.x - delta) * (pt.x + delta));
  const x3 = fp(alpha * alpha - 8n * beta);
  const z3 = fp((pt.y + pt.z) * (pt.y + pt.z) - gamma - delta);
  const y3 = fp(alpha * (4n * beta - x3) - 8n * gamma * gamma);
  return { x: x3, y: y3, z: z3 };
}

function add(p1: JacobianPoint, p2: JacobianPoint): JacobianPoint {
  if (p1.z === 0n) return p2;
  if (p2.z === 0n) return p1;
  const z1z1 = fp(p1.z * p1.z);
  const z2z2 = fp(p2.z * p2.z);
  const u1 = fp(p1.x * z2z2);
  const u2 = fp(p2.x * z1z1);
  const s1 = fp(p1.y * p2.z * z2z2);
  const s2 = fp(p2.y * p1.z * z1z1);
  const h = fp(u2 - u1);
  const r = fp(s2 - s1);
  if (h === 0n) return r === 0n ? double(p1) : INFINITY;
  const hh = fp(h * h);
  const hhh = fp(h * hh);
  const v = fp(u1 * hh);
  const x3 = fp(r * r - hhh - 2n * v);
  const y3 = fp(r * (v - x3) - s1 * hhh);
  const z3 = fp(p1.z * p2.z * h);
  return { x: x3, y: y3, z: z3 };
}

function toAffine(pt: JacobianPoint): AffinePoint | null {
  if (pt.z === 0n) return null;
  const zInv = modInverse(pt.z, SM2_P);
  const zInv2 = fp(zInv * zInv);
  return { x: fp(pt.x * zInv2), y: fp(pt.y * zInv2 * zInv) };
}

function fromAffine(pt: AffinePoint): JacobianPoint {
  return { x: pt.x, y: pt.y, z: 1n };
}

function ladder(scalar: bigint, base: JacobianPoint): JacobianPoint {
  let r0 = INFINITY;
  let r1 = base;
  for (let bit = 255; bit >= 0; bit--) {
    if ((scalar >> BigInt(bit)) & 1n) {
      r0 = add(r0, r1);
      r1 = double(r1);
    } else {
      r1 = add(r0, r1);
      r0 = double(r0);
    }
  }
  return r0;
}

/** k·G for secret k (key generation and signing). */
export function multiplyBase(scalar: bigint): AffinePoint | null {
  return toAffine(ladder(mod(scalar, SM2_N), G));
}

/**
 * k·P for secret k and an arbitrary curve point (SM2 public-key encryption and decryption), on the
 * same ladder as multiplyBase so a secret scalar never takes the variable-time path below.
 */
export function multiplyPoint(scalar: bigint, point: AffinePoint): AffinePoint | null {
  return toAffine(ladder(mod(scalar, SM2_N), fromAffine(point)));
}

/** u·G + v·Q with interleaved double-and-add; only for public scalars (verification). */
export function multiplyTwo(u: bigint, v: bigint, q: AffinePoint): AffinePoint | null {
  const qj = fromAffine(q);
  const gq = add(G, qj);
  let acc = INFINITY;
  for (let bit = 255; bit >= 0; bit--) {
    acc = double(acc);
    const ub = (u >> BigInt(bit)) & 1n;
    const vb = (v >> BigInt(bit)) & 1n;
    if (ub && vb) acc = add(acc, gq);
    else if (ub) acc = add(acc, G);
    else if (vb) acc = add(acc, qj);
  }
  return toAffine(acc);
}

export function isOnCurve(pt: AffinePoint): boolean {
  if (pt.x < 0n || pt.x >= SM2_P || pt.y < 0n || pt.y >= SM2_P) return false;
  return fp(pt.y * pt.y) === fp(pt.x * pt.x * pt.x + SM2_A * pt.x + SM2_B);
}

export function bigintToBytes(value: bigint, length = 32): Buffer {
  const hex = value.toString(16).padStart(length * 2, '0');
  if (hex.length > length * 2) throw new RangeError('integer does not fit');
  return Buffer.from(hex, 'hex');
}

export function bytesToBigint(bytes: Uint8Array): bigint {
  return bytes.length === 0 ? 0n : BigInt(`0x${Buffer.from(bytes).toString('hex')}`);
}

/** Uncompressed SEC 1 encoding (0x04 ‖ x ‖ y), the form GB/T 32918 and SPKI use. */
export function encodePoint(pt: AffinePoint): Buffer {
  return Buffer.concat([Buffer.from([0x04]), bigintToBytes(pt.x), bigintToBytes(pt.y)]);
}

export function decodePoint(bytes: Uint8Array): AffinePoint | null {
  if (bytes.length !== 65 || bytes[0] !== 0x04) return null;
  const pt = { x: bytesToBigint(bytes.subarray(1, 33)), y: bytesToBigint(bytes.subarray(33, 65)) };
  // Cofactor 1: any on-curve point other than infinity is in the prime-order group.
  return isOnCurve(pt) ? pt : null;
}
