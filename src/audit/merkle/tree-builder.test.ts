import { describe, expect, it } from 'vitest';
import { leafHash, nodeCryptoHash } from './hashing.js';
import { MemoryNodeSource } from './memory-node-source.js';
import { referenceRoot } from './reference-root.js';
import { rootAt } from './root-at.js';
import { completeSubtrees } from './tree-math.js';
import { TreeBuilder } from './tree-builder.js';

describe('TreeBuilder', () => {
  for (const algorithm of ['sha256', 'sm3'] as const) {
    it(`reports the reference root at every intermediate size (${algorithm})`, () => {
      const hash = nodeCryptoHash(algorithm);
      const leaves = Array.from({ length: 150 }, (_, i) => leafHash(hash, Buffer.from(`row ${i}`)));
      const builder = new TreeBuilder(hash);
      expect(builder.root().equals(referenceRoot(hash, []))).toBe(true);
      leaves.forEach((leaf, i) => {
        builder.push(leaf);
        expect(builder.size).toBe(i + 1);
        expect(builder.root().equals(referenceRoot(hash, leaves.slice(0, i + 1))), `size ${i + 1}`).toBe(true);
      });
    });
  }

  it('is not disturbed by asking for the root mid-stream', () => {
    const hash = nodeCryptoHash('sha256');
    const leaves = Array.from({ length: 77 }, (_, i) => leafHash(hash, Buffer.from([i])));
    const checked = new TreeBuilder(hash);
    const unchecked = new TreeBuilder(hash);
    for (const leaf of leaves) {
      checked.push(leaf);
      checked.root();
      checked.root();
      unchecked.push(leaf);
    }
    expect(checked.root().equals(unchecked.root())).toBe(true);
  });

  it('agrees with the stored-node tree on a large log and keeps a sane pace', async () => {
    const hash = nodeCryptoHash('sha256');
    const count = 60_000;
    const leaves = Array.from({ length: count }, (_, i) => leafHash(hash, Buffer.from(`event ${i}`)));
    const store = new MemoryNodeSource(hash);
    store.append(leaves);
    const builder = new TreeBuilder(hash);
    const started = performance.now();
    for (const leaf of leaves) builder.push(leaf);
    const seconds = (performance.now() - started) / 1000;
    expect(builder.root().equals(await rootAt(hash, count, store))).toBe(true);
    // A loose floor that only an accidental O(n) push would break, even on a loaded machine.
    expect(count / seconds).toBeGreaterThan(50_000);
  });
});

describe('TreeBuilder.resume', () => {
  it('continues from the complete subtrees of an archived prefix to the same roots', async () => {
    const sha = nodeCryptoHash('sha256');
    const leaves = Array.from({ length: 45 }, (_, i) => sha(Buffer.from([i])));
    const full = new TreeBuilder(sha);
    for (const leaf of leaves) full.push(leaf);
    const source = new MemoryNodeSource(sha);
    source.append(leaves);
    for (const archived of [1, 13, 16, 29]) {
      const edge = await source.getNodes(completeSubtrees(0, archived));
      const resumed = TreeBuilder.resume(sha, archived, edge);
      for (const leaf of leaves.slice(archived)) resumed.push(leaf);
      expect(resumed.root().equals(full.root())).toBe(true);
    }
    expect(() => TreeBuilder.resume(sha, 13, [])).toThrow(RangeError);
  });
});

describe('TreeBuilder.pushSubtree', () => {
  it('takes whole aligned subtrees hashed elsewhere and reaches the same roots and edge', async () => {
    const sha = nodeCryptoHash('sha256');
    const leaves = Array.from({ length: 100 }, (_, i) => sha(Buffer.from([i])));
    const source = new MemoryNodeSource(sha);
    source.append(leaves);
    // 0–64 as one subtree, then 64–96, 96–100 by their parts, then single leaves.
    const pieces: [number, number][] = [[0, 64], [64, 96], [96, 98], [98, 99], [99, 100]];
    const builder = new TreeBuilder(sha);
    for (const [lo, hi] of pieces) {
      const [ref] = completeSubtrees(lo, hi - lo);
      const [subtree] = await source.getNodes([ref!]);
      builder.pushSubtree(subtree!, ref!.level);
      expect(builder.size).toBe(hi);
      expect(builder.root().equals(referenceRoot(sha, leaves.slice(0, hi))), `size ${hi}`).toBe(true);
      expect(builder.edgeHashes).toEqual(await source.getNodes(completeSubtrees(0, hi)));
    }
    const odd = new TreeBuilder(sha);
    odd.push(leaves[0]!);
    expect(() => odd.pushSubtree(leaves[1]!, 1)).toThrow(/cannot start at 1/);
  });
});
