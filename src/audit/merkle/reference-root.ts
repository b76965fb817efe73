import { emptyRoot, type HashFn, nodeHash } from './hashing.js';

/**
 * MTH(D[n]) written as literally as RFC 9162 §2.1.1 states it, recursion and all. It is the
 * slow yardstick the optimised code is tested against, so it must stay naive.
 */
export function referenceRoot(hash: HashFn, leafHashes: readonly Buffer[]): Buffer {
  const n = leafHashes.length;
  if (n === 0) return emptyRoot(hash);
  if (n === 1) return leafHashes[0] as Buffer;
  let k = 1;
  while (k * 2 < n) k *= 2;
  return nodeHash(hash, referenceRoot(hash, leafHashes.slice(0, k)), referenceRoot(hash, leafHashes.slice(k)));
}
