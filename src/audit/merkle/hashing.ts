import { hash as oneShotHash } from 'node:crypto';

/**
 * The digest is injected rather than fixed because the platform runs either a SHA-256 or an SM3
 * profile, and the tree shape and domain separation must be identical under both.
 */
export type HashFn = (data: Uint8Array) => Buffer;

// RFC 9162 §2.1.1 domain-separates leaves from interior nodes so that a leaf can never be passed
// off as an interior node (or vice versa) to forge a second preimage.
const LEAF_PREFIX = Buffer.from([0x00]);
const NODE_PREFIX = Buffer.from([0x01]);

/** HASH(0x00 ‖ entry). */
export function leafHash(hash: HashFn, entry: Uint8Array): Buffer {
  return hash(Buffer.concat([LEAF_PREFIX, entry]));
}

/** HASH(0x01 ‖ left ‖ right). */
export function nodeHash(hash: HashFn, left: Uint8Array, right: Uint8Array): Buffer {
  return hash(Buffer.concat([NODE_PREFIX, left, right]));
}

/** MTH({}) = HASH(""): the head of a log that has no entries yet. */
export function emptyRoot(hash: HashFn): Buffer {
  return hash(new Uint8Array(0));
}

/**
 * A HashFn backed by node:crypto, for the two digests the platform's profiles use. The one-shot
 * crypto.hash skips building a Hash object per call, which for the 65-byte interior-node inputs
 * is most of the cost (about 3× faster than createHash for SHA-256 here).
 */
export function nodeCryptoHash(algorithm: 'sha256' | 'sm3'): HashFn {
  return (data) => oneShotHash(algorithm, data, 'buffer');
}
