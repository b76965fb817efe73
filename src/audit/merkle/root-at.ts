import { emptyRoot, type HashFn } from './hashing.js';
import type { NodeSource } from './node-source.js';
import { readSubtreeHashes } from './subtree-hashes.js';
import { assertTreeSize } from './tree-math.js';

/**
 * The tree head over the first `size` leaves, from one batched read of popcount(size) ≤
 * log2(size) + 1 complete nodes. Because complete nodes never change, this works for any past
 * size as long as the source holds at least `size` leaves.
 */
export async function rootAt(hash: HashFn, size: number, source: NodeSource): Promise<Buffer> {
  assertTreeSize('size', size);
  if (size === 0) return emptyRoot(hash);
  const [root] = await readSubtreeHashes(hash, [{ start: 0, end: size }], source);
  return root as Buffer;
}
