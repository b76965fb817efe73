export { emptyRoot, type HashFn, leafHash, nodeCryptoHash, nodeHash } from './hashing.js';
export {
  assertTreeSize,
  completeSubtrees,
  isPowerOfTwo,
  largestPowerOfTwoBelow,
  nextPowerOfTwo,
  type NodeRef,
} from './tree-math.js';
export type { NodeSource, StoredNode } from './node-source.js';
export { foldSubtrees, type LeafRange, readSubtreeHashes } from './subtree-hashes.js';
export { appendLeaves, appendRefsNeeded, appendToEdge, completedNodesAfterAppend } from './append-leaves.js';
export { rootAt } from './root-at.js';
export { inclusionProof } from './inclusion-proof.js';
export { consistencyProof } from './consistency-proof.js';
export { MemoryNodeSource } from './memory-node-source.js';
export { verifyConsistency, verifyInclusion } from './verify.js';
export { referenceRoot } from './reference-root.js';
export { TreeBuilder } from './tree-builder.js';
