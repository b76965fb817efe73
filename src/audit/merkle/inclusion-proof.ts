import type { HashFn } from './hashing.js';
import type { NodeSource } from './node-source.js';
import { type LeafRange, readSubtreeHashes } from './subtree-hashes.js';
import { assertTreeSize, largestPowerOfTwoBelow } from './tree-math.js';

/**
 * The audit path PATH(leafIndex, D[size]) of RFC 9162 §2.1.3.1, leaf-side sibling first.
 *
 * Cost: one batched read of at most 2·log2(size) nodes and O(log size) hashing. Every left sibling
 * on the path is a complete subtree (one node). A right sibling can be incomplete only at the
 * first level where the path turns left, because everything below that turn lies inside a
 * complete subtree; that single sibling is rebuilt from at most log2(size) complete parts.
 */
export async function inclusionProof(
  hash: HashFn,
  leafIndex: number,
  size: number,
  source: NodeSource,
): Promise<Buffer[]> {
  assertTreeSize('size', size);
  assertTreeSize('leafIndex', leafIndex);
  if (leafIndex >= size) throw new RangeError(`leaf ${leafIndex} is not in a tree of ${size} leaves`);

  // Walk the RFC recursion from the root down, remembering each sibling range on the way.
  const siblings: LeafRange[] = [];
  let start = 0;
  let n = size;
  let m = leafIndex;
  while (n > 1) {
    const k = largestPowerOfTwoBelow(n);
    if (m < k) {
      siblings.push({ start: start + k, end: start + n });
      n = k;
    } else {
      siblings.push({ start, end: start + k });
      start += k;
      m -= k;
      n -= k;
    }
  }
  // The RFC appends each sibling after the deeper sub-path, so the deepest sibling comes first.
  siblings.reverse();
  return readSubtreeHashes(hash, siblings, source);
}
