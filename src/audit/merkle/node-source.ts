import type { NodeRef } from './tree-math.js';

export type { NodeRef } from './tree-math.js';

/** A complete subtree together with its hash, as an append-only store persists it. */
export interface StoredNode extends NodeRef {
  readonly hash: Buffer;
}

/**
 * Where proofs get their complete-subtree hashes from. Reads are batched so that a SQL-backed
 * store can answer a whole proof with one query instead of one round trip per tree level.
 * Implementations must return hashes in the order of `refs` and must throw rather than return a
 * placeholder for a node they do not hold: a missing node silently replaced would yield a proof
 * that fails far away from the actual fault.
 */
export interface NodeSource {
  getNodes(refs: readonly NodeRef[]): Promise<Buffer[]>;
}
