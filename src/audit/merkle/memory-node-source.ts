import { appendRefsNeeded, completedNodesAfterAppend } from './append-leaves.js';
import type { HashFn } from './hashing.js';
import type { NodeSource, StoredNode } from './node-source.js';
import type { NodeRef } from './tree-math.js';

/**
 * Complete-subtree hashes held in memory: for tests, and for an offline verifier that rebuilds a
 * log from an exported file and then answers proofs against it exactly as the server would.
 */
export class MemoryNodeSource implements NodeSource {
  // levels[level][index]; arrays stay dense because nodes complete strictly left to right.
  private readonly levels: Buffer[][] = [];

  constructor(private readonly hash: HashFn) {}

  /** Number of leaves held. */
  get size(): number {
    return this.levels[0]?.length ?? 0;
  }

  async getNodes(refs: readonly NodeRef[]): Promise<Buffer[]> {
    return refs.map((ref) => this.node(ref));
  }

  /** Appends leaves the way a persistent store would, computing the new complete nodes. */
  append(leafHashes: readonly Buffer[]): StoredNode[] {
    const needed = appendRefsNeeded(this.size, leafHashes.length);
    const edge = needed.map((ref) => this.node(ref));
    const created = completedNodesAfterAppend(this.hash, this.size, leafHashes, edge);
    this.put(created);
    return created;
  }

  /**
   * Stores nodes computed elsewhere (e.g. replaying what a store wrote). Each must be the next
   * node at its level, since a gap would mean a node was lost on the way.
   */
  put(nodes: readonly StoredNode[]): void {
    for (const { level, index, hash } of nodes) {
      const row = (this.levels[level] ??= []);
      if (index !== row.length) {
        throw new RangeError(`node (${level}, ${index}) is out of order: level holds ${row.length}`);
      }
      row.push(hash);
    }
  }

  /** Every stored node, level by level, for comparing two ways of building the same tree. */
  allNodes(): StoredNode[] {
    return this.levels.flatMap((row, level) => row.map((hash, index) => ({ level, index, hash })));
  }

  private node(ref: NodeRef): Buffer {
    const found = this.levels[ref.level]?.[ref.index];
    if (found === undefined) throw new RangeError(`node (${ref.level}, ${ref.index}) is not stored`);
    return found;
  }
}
