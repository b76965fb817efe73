import type { HashFn } from './hashing.js';
import type { NodeSource } from './node-source.js';
import { type LeafRange, readSubtreeHashes } from './subtree-hashes.js';
import { assertTreeSize, largestPowerOfTwoBelow } from './tree-math.js';

/**
 * PROOF(oldSize, D[newSize]) of RFC 9162 §2.1.4.1, deepest node first.
 *
 * The RFC defines proofs only for 0 < oldSize < newSize; for oldSize = 0 or oldSize = newSize
 * this returns the empty proof, which is what a verifier expects in those trivial cases.
 *
 * Cost: one batched read of at most 2·log2(newSize) + 1 nodes and O(log newSize) hashing, for the
 * same reason as inclusion proofs: only the right sibling at the first left turn can be
 * incomplete, and the old tree's own subtree, when included, is always a left child and thus
 * complete.
 */
export async function consistencyProof(
  hash: HashFn,
  oldSize: number,
  newSize: number,
  source: NodeSource,
): Promise<Buffer[]> {
  assertTreeSize('oldSize', oldSize);
  assertTreeSize('newSize', newSize);
  if (oldSize > newSize) throw new RangeError(`old size ${oldSize} exceeds new size ${newSize}`);
  if (oldSize === 0 || oldSize === newSize) return [];

  const nodes: LeafRange[] = [];
  let start = 0;
  let n = newSize;
  let m = oldSize;
  // True while the descent has only turned left, i.e. the current subtree still starts at leaf 0.
  // If it ends there, the subtree it ends on is the old tree itself, whose root the verifier
  // already holds, so the RFC leaves it out; otherwise it must be sent.
  let wholeOldTree = true;
  while (m !== n) {
    const k = largestPowerOfTwoBelow(n);
    if (m <= k) {
      nodes.push({ start: start + k, end: start + n });
      n = k;
    } else {
      nodes.push({ start, end: start + k });
      start += k;
      m -= k;
      n -= k;
      wholeOldTree = false;
    }
  }
  if (!wholeOldTree) nodes.push({ start, end: start + m });
  nodes.reverse();
  return readSubtreeHashes(hash, nodes, source);
}
