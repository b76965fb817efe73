import { emptyRoot, type HashFn, nodeHash } from './hashing.js';

/**
 * Streams leaf hashes into a tree head without keeping the leaves: only the right edge — one
 * complete-subtree hash per set bit of the size — is held, so memory is O(log n) however long
 * the log. Used to re-verify an entire exported log, checking each checkpoint on the way.
 */
export class TreeBuilder {
  // Complete subtrees covering [0, size), largest (leftmost) first; their sizes are the set bits
  // of `size` in descending order.
  private readonly edge: Buffer[] = [];
  private count = 0;
  private cachedRoot: Buffer | undefined;

  constructor(private readonly hash: HashFn) {}

  /**
   * Continues a tree whose first `size` leaves are no longer at hand (archived), from the hashes of
   * the complete subtrees that cover them, largest first — `completeSubtrees(0, size)`.
   */
  static resume(hash: HashFn, size: number, edge: readonly Buffer[]): TreeBuilder {
    const builder = new TreeBuilder(hash);
    let bits = 0;
    for (let n = size; n > 0; n = Math.floor(n / 2)) bits += n % 2;
    if (edge.length !== bits) throw new RangeError(`a tree of ${size} leaves has ${bits} edge subtrees, got ${edge.length}`);
    builder.edge.push(...edge);
    builder.count = size;
    return builder;
  }

  get size(): number {
    return this.count;
  }

  /** The complete subtrees covering [0, size), largest first. */
  get edgeHashes(): readonly Buffer[] {
    return this.edge;
  }

  push(leafHash: Buffer): void {
    let current = leafHash;
    // Each trailing one bit of the old size is a complete subtree of the same height as the
    // one being carried, so they merge — binary increment, with hashing as the carry.
    for (let n = this.count; n % 2 === 1; n = (n - 1) / 2) {
      current = nodeHash(this.hash, this.edge.pop() as Buffer, current);
    }
    this.edge.push(current);
    this.count += 1;
    this.cachedRoot = undefined;
  }

  /**
   * Adds a whole complete subtree of 2^level leaves, hashed elsewhere (e.g. by a worker thread that
   * verified that stretch of the log). Only a subtree that starts on a multiple of its own width is
   * a node of the RFC tree, so the size must be such a multiple.
   */
  pushSubtree(subtreeHash: Buffer, level: number): void {
    const width = 2 ** level;
    if (this.count % width !== 0) throw new RangeError(`a subtree of ${width} leaves cannot start at ${this.count}`);
    let current = subtreeHash;
    for (let n = this.count / width; n % 2 === 1; n = (n - 1) / 2) {
      current = nodeHash(this.hash, this.edge.pop() as Buffer, current);
    }
    this.edge.push(current);
    this.count += width;
    this.cachedRoot = undefined;
  }

  /**
   * The head of the tree as it stands: O(log n) hashes and no change to the builder, so it can be
   * called at every checkpoint while streaming.
   */
  root(): Buffer {
    if (this.cachedRoot !== undefined) return this.cachedRoot;
    let acc = this.edge[this.edge.length - 1];
    if (acc === undefined) {
      acc = emptyRoot(this.hash);
    } else {
      for (let i = this.edge.length - 2; i >= 0; i--) acc = nodeHash(this.hash, this.edge[i] as Buffer, acc);
    }
    this.cachedRoot = acc;
    return acc;
  }
}
