import { type HashFn, nodeHash } from './hashing.js';
import type { NodeSource, StoredNode } from './node-source.js';
import { assertTreeSize, completeSubtrees, type NodeRef } from './tree-math.js';

/**
 * The previously stored nodes that appending `count` leaves to a tree of `startSize` leaves will
 * merge with: those complete subtrees on the right edge of the old tree that get a new right
 * sibling. Nothing else from the old tree is ever needed, which is what lets a store append a
 * whole batch after a single read of at most log2(startSize) nodes — and none at all when the
 * batch does not reach any old subtree's sibling.
 */
export function appendRefsNeeded(startSize: number, count: number): NodeRef[] {
  assertTreeSize('startSize', startSize);
  assertTreeSize('count', count);
  const refs: NodeRef[] = [];
  const endSize = startSize + count;
  let width = 1;
  for (let level = 0; width <= startSize; level++, width *= 2) {
    const index = Math.floor(startSize / width) - 1;
    // Only an even index on the edge is a left child still waiting for its sibling; an odd one
    // was already merged into its parent when the old tree was built.
    if (index % 2 === 0 && endSize >= (index + 2) * width) refs.push({ level, index });
  }
  return refs;
}

/**
 * Every complete node that arises when `leafHashes` are appended to a tree of `startSize` leaves:
 * each new leaf at level 0, plus each parent that became complete, in creation order. `edge`
 * holds the hashes of `appendRefsNeeded(startSize, leafHashes.length)`, in that order. This is
 * pure so that a store can read the edge inside its own transaction, or keep it cached.
 */
export function completedNodesAfterAppend(
  hash: HashFn,
  startSize: number,
  leafHashes: readonly Buffer[],
  edge: readonly Buffer[],
): StoredNode[] {
  const needed = appendRefsNeeded(startSize, leafHashes.length);
  if (edge.length !== needed.length) {
    throw new RangeError(`appending needs ${needed.length} right-edge nodes, got ${edge.length}`);
  }
  // pending[level] is the left child at that level still waiting for its right sibling.
  const pending: (Buffer | undefined)[] = [];
  needed.forEach((ref, i) => {
    pending[ref.level] = edge[i];
  });
  const created: StoredNode[] = [];
  leafHashes.forEach((leaf, offset) => {
    let index = startSize + offset;
    let level = 0;
    let current = leaf;
    created.push({ level, index, hash: current });
    while (index % 2 === 1) {
      const left = pending[level];
      if (left === undefined) throw new Error(`left sibling of node (${level}, ${index}) is missing`);
      pending[level] = undefined;
      current = nodeHash(hash, left, current);
      level += 1;
      index = (index - 1) / 2;
      created.push({ level, index, hash: current });
    }
    pending[level] = current;
  });
  return created;
}

/**
 * Appends to a tree known by its edge — the hashes of `completeSubtrees(0, startSize)`, largest
 * first — and returns the nodes to store together with the edge of the grown tree. Keeping the
 * whole edge (not just the nodes that gain a sibling) is what lets a writer know the new tree head
 * without reading anything back: it is the fold of that edge.
 */
export function appendToEdge(
  hash: HashFn,
  startSize: number,
  edge: readonly Buffer[],
  leafHashes: readonly Buffer[],
): { created: StoredNode[]; edge: Buffer[] } {
  const edgeRefs = completeSubtrees(0, startSize);
  if (edge.length !== edgeRefs.length) throw new RangeError(`a tree of ${startSize} leaves has ${edgeRefs.length} edge subtrees, got ${edge.length}`);
  // An edge has at most one subtree per level, so nodes can be found by level alone.
  const old: (StoredNode | undefined)[] = [];
  edgeRefs.forEach((ref, i) => (old[ref.level] = { ...ref, hash: edge[i]! }));
  const needed = appendRefsNeeded(startSize, leafHashes.length).map((ref) => old[ref.level]!.hash);
  const created = completedNodesAfterAppend(hash, startSize, leafHashes, needed);
  const newest: StoredNode[] = [];
  for (const node of created) newest[node.level] = node;
  const grown = completeSubtrees(0, startSize + leafHashes.length).map((ref) => {
    const found = [newest[ref.level], old[ref.level]].find((node) => node?.index === ref.index);
    if (!found) throw new Error(`edge subtree (${ref.level}, ${ref.index}) is neither old nor new`);
    return found.hash;
  });
  return { created, edge: grown };
}

/** Reads the needed right edge from `source` in one batch and returns the nodes to store. */
export async function appendLeaves(
  hash: HashFn,
  startSize: number,
  leafHashes: readonly Buffer[],
  source: NodeSource,
): Promise<StoredNode[]> {
  const needed = appendRefsNeeded(startSize, leafHashes.length);
  const edge = needed.length === 0 ? [] : await source.getNodes(needed);
  return completedNodesAfterAppend(hash, startSize, leafHashes, edge);
}
