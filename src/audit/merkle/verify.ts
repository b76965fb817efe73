import { emptyRoot, type HashFn, nodeHash } from './hashing.js';

/*
 * Proof verification transcribed from RFC 9162 §2.1.3.2 and §2.1.4.2. It deliberately shares
 * nothing with proof generation beyond the two hashing primitives: a bug in the tree walk
 * would otherwise be reproduced on both sides and the tests would happily agree with it.
 *
 * Tree sizes are handled with division instead of bit shifts so that sizes above 2^32 work.
 * Inputs come from outside (a proof received over the wire), so malformed input yields false,
 * never an exception.
 */

function isSize(n: number): boolean {
  return Number.isSafeInteger(n) && n >= 0;
}

function odd(n: number): boolean {
  return n % 2 === 1;
}

function half(n: number): number {
  return Math.floor(n / 2);
}

// Digest width per hash function, so that checking input lengths costs no extra hashing when a
// verifier replays thousands of proofs.
const digestWidths = new WeakMap<HashFn, number>();

/** Every value must be a digest of this hash function, or the comparison is meaningless. */
function allDigests(hash: HashFn, values: readonly unknown[]): boolean {
  let width = digestWidths.get(hash);
  if (width === undefined) {
    width = emptyRoot(hash).length;
    digestWidths.set(hash, width);
  }
  return values.every((v) => v instanceof Uint8Array && v.length === width);
}

function equal(a: Uint8Array, b: Uint8Array): boolean {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(b);
}

/**
 * True when `proof` shows that `leafHash` is leaf `leafIndex` of the tree of `size` leaves whose
 * head is `root`. The size is trusted input: it must come from the same signed tree head as
 * `root`, because proofs for different sizes can have the same shape.
 */
export function verifyInclusion(
  hash: HashFn,
  leafIndex: number,
  size: number,
  leafHash: Uint8Array,
  proof: readonly Uint8Array[],
  root: Uint8Array,
): boolean {
  if (!isSize(leafIndex) || !isSize(size) || !Array.isArray(proof)) return false;
  if (!allDigests(hash, [root, leafHash, ...proof])) return false;
  if (leafIndex >= size) return false;

  let fn = leafIndex;
  let sn = size - 1;
  let r: Uint8Array = leafHash;
  for (const p of proof) {
    if (sn === 0) return false;
    if (odd(fn) || fn === sn) {
      r = nodeHash(hash, p, r);
      while (!odd(fn) && fn !== 0) {
        fn = half(fn);
        sn = half(sn);
      }
    } else {
      r = nodeHash(hash, r, p);
    }
    fn = half(fn);
    sn = half(sn);
  }
  return sn === 0 && equal(r, root);
}

/**
 * True when `proof` shows that the tree of `newSize` leaves with head `newRoot` extends the tree
 * of `oldSize` leaves with head `oldRoot` by appending only. As with inclusion, both sizes must
 * come from the signed tree heads that carry the roots.
 */
export function verifyConsistency(
  hash: HashFn,
  oldSize: number,
  newSize: number,
  oldRoot: Uint8Array,
  newRoot: Uint8Array,
  proof: readonly Uint8Array[],
): boolean {
  if (!isSize(oldSize) || !isSize(newSize) || !Array.isArray(proof)) return false;
  if (!allDigests(hash, [oldRoot, newRoot, ...proof])) return false;
  if (oldSize > newSize) return false;
  // The RFC algorithm covers 0 < old < new; the two trivial cases have empty proofs.
  if (oldSize === newSize) return proof.length === 0 && equal(oldRoot, newRoot);
  if (oldSize === 0) return proof.length === 0 && equal(oldRoot, emptyRoot(hash));

  if (proof.length === 0) return false;
  let path: readonly Uint8Array[] = proof;
  if (isPowerOfTwo(oldSize)) path = [oldRoot, ...proof];
  let fn = oldSize - 1;
  let sn = newSize - 1;
  while (odd(fn)) {
    fn = half(fn);
    sn = half(sn);
  }
  const [first, ...rest] = path;
  let fr = first as Uint8Array;
  let sr = first as Uint8Array;
  for (const c of rest) {
    if (sn === 0) return false;
    if (odd(fn) || fn === sn) {
      fr = nodeHash(hash, c, fr);
      sr = nodeHash(hash, c, sr);
      while (!odd(fn) && fn !== 0) {
        fn = half(fn);
        sn = half(sn);
      }
    } else {
      sr = nodeHash(hash, sr, c);
    }
    fn = half(fn);
    sn = half(sn);
  }
  return sn === 0 && equal(fr, oldRoot) && equal(sr, newRoot);
}

// Kept local rather than imported from tree-math so this file stays independent of the generator.
function isPowerOfTwo(n: number): boolean {
  let p = 1;
  while (p < n) p *= 2;
  return p === n;
}
