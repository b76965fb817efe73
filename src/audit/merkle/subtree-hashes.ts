import { type HashFn, nodeHash } from './hashing.js';
import type { NodeSource } from './node-source.js';
import { completeSubtrees, type NodeRef } from './tree-math.js';

/** A range of leaves [start, end) that the RFC 9162 recursion treats as one subtree. */
export interface LeafRange {
  readonly start: number;
  readonly end: number;
}

/**
 * MTH of a subtree from its complete parts (largest first). The RFC splits off the largest
 * power of two on the left at every step, so the parts nest to the right: H(a, H(b, H(c, d))).
 */
export function foldSubtrees(hash: HashFn, parts: readonly Buffer[]): Buffer {
  let acc = parts[parts.length - 1];
  if (acc === undefined) throw new RangeError('an empty range has no subtree hash');
  for (let i = parts.length - 2; i >= 0; i--) acc = nodeHash(hash, parts[i] as Buffer, acc);
  return acc;
}

/**
 * The hash of every range, fetched with one batched node read for all of them together; each
 * range costs at most log2(size) + 1 node reads and one hash fewer than that.
 */
export async function readSubtreeHashes(
  hash: HashFn,
  ranges: readonly LeafRange[],
  source: NodeSource,
): Promise<Buffer[]> {
  const partsPerRange = ranges.map((r) => completeSubtrees(r.start, r.end - r.start));
  const refs: NodeRef[] = partsPerRange.flat();
  const hashes = refs.length === 0 ? [] : await source.getNodes(refs);
  if (hashes.length !== refs.length) {
    throw new Error(`node source returned ${hashes.length} hashes for ${refs.length} nodes`);
  }
  let next = 0;
  return partsPerRange.map((parts) => {
    const slice = hashes.slice(next, next + parts.length);
    next += parts.length;
    return foldSubtrees(hash, slice);
  });
}
