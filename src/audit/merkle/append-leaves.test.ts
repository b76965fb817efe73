import { describe, expect, it } from 'vitest';
import { appendLeaves, appendRefsNeeded, appendToEdge, completedNodesAfterAppend } from './append-leaves.js';
import { leafHash, nodeCryptoHash } from './hashing.js';
import { MemoryNodeSource } from './memory-node-source.js';
import type { NodeSource } from './node-source.js';
import { referenceRoot } from './reference-root.js';
import { rootAt } from './root-at.js';
import { foldSubtrees } from './subtree-hashes.js';
import { completeSubtrees, type NodeRef } from './tree-math.js';

const hash = nodeCryptoHash('sha256');
const leaves = Array.from({ length: 3000 }, (_, i) => leafHash(hash, Buffer.from(`entry ${i}`)));

/** Deterministic so a failure reproduces; the batch sizes only need to be irregular. */
function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

class CountingSource implements NodeSource {
  reads: NodeRef[][] = [];
  constructor(private readonly inner: NodeSource) {}
  async getNodes(refs: readonly NodeRef[]): Promise<Buffer[]> {
    this.reads.push([...refs]);
    return this.inner.getNodes(refs);
  }
}

/** A compact rendering of every stored node; deep-equality on thousands of Buffers is slow. */
function dump(source: MemoryNodeSource): string[] {
  return source.allNodes().map((n) => `${n.level}/${n.index}/${n.hash.toString('hex')}`);
}

function oneByOne(count: number): MemoryNodeSource {
  const source = new MemoryNodeSource(hash);
  for (const leaf of leaves.slice(0, count)) source.append([leaf]);
  return source;
}

describe('appendRefsNeeded', () => {
  it('asks only for right-edge nodes that gain a sibling', () => {
    expect(appendRefsNeeded(0, 10)).toEqual([]);
    expect(appendRefsNeeded(1, 1)).toEqual([{ level: 0, index: 0 }]);
    expect(appendRefsNeeded(2, 1)).toEqual([]);
    expect(appendRefsNeeded(3, 1)).toEqual([{ level: 0, index: 2 }, { level: 1, index: 0 }]);
    expect(appendRefsNeeded(5, 2)).toEqual([{ level: 0, index: 4 }]);
    expect(appendRefsNeeded(5, 3)).toEqual([{ level: 0, index: 4 }, { level: 2, index: 0 }]);
    expect(appendRefsNeeded(6, 0)).toEqual([]);
  });

  it('works beyond 32-bit sizes', () => {
    const size = 2 ** 40 + 2 ** 33 + 1;
    expect(appendRefsNeeded(size, 2 ** 33)).toEqual([
      { level: 0, index: 2 ** 40 + 2 ** 33 },
      { level: 33, index: 2 ** 7 },
    ]);
  });
});

describe('batch append', () => {
  it('stores the same nodes as appending one leaf at a time, for random batch sizes', async () => {
    const total = 1500;
    const expected = dump(oneByOne(total));
    const random = prng(9162);
    for (let round = 0; round < 3; round++) {
      const batched = new MemoryNodeSource(hash);
      while (batched.size < total) {
        const take = Math.min(total - batched.size, 1 + Math.floor(random() * (round === 0 ? 8 : 300)));
        const created = await appendLeaves(hash, batched.size, leaves.slice(batched.size, batched.size + take), batched);
        batched.put(created);
      }
      expect(dump(batched)).toEqual(expected);
    }
    // 2n - popcount(n) complete nodes exist for n leaves: n leaves plus every completed parent.
    expect(expected).toHaveLength(2 * total - 7);
  });

  it('leaves a store whose heads match the reference at every size', async () => {
    const source = oneByOne(300);
    for (let n = 0; n <= 300; n += 7) expect((await rootAt(hash, n, source)).equals(referenceRoot(hash, leaves.slice(0, n)))).toBe(true);
  });

  it('appends a batch of 1,000 leaves after a single batched read of the right edge', async () => {
    const start = 0b10111001101;
    const store = oneByOne(start);
    const counting = new CountingSource(store);
    const created = await appendLeaves(hash, start, leaves.slice(start, start + 1000), counting);
    expect(counting.reads).toHaveLength(1);
    expect(counting.reads[0]).toEqual(appendRefsNeeded(start, 1000));
    expect(counting.reads[0]?.length).toBeLessThanOrEqual(Math.log2(start) + 1);
    store.put(created);
    expect(dump(store)).toEqual(dump(oneByOne(start + 1000)));
  });

  it('reads nothing when no stored node gains a sibling', async () => {
    const store = oneByOne(8);
    const counting = new CountingSource(store);
    expect(await appendLeaves(hash, 8, [leaves[8] as Buffer], counting)).toEqual([{ level: 0, index: 8, hash: leaves[8] }]);
    expect(counting.reads).toEqual([]);
  });

  it('reports the leaf and each parent it completes, in order', () => {
    const edge = [leaves[6] as Buffer, referenceRoot(hash, leaves.slice(4, 6)), referenceRoot(hash, leaves.slice(0, 4))];
    const created = completedNodesAfterAppend(hash, 7, [leaves[7] as Buffer], edge);
    expect(created.map(({ level, index }) => [level, index])).toEqual([[0, 7], [1, 3], [2, 1], [3, 0]]);
    expect(created[3]?.hash.equals(referenceRoot(hash, leaves.slice(0, 8)))).toBe(true);
  });

  it('refuses a right edge that does not match what the append needs', () => {
    expect(() => completedNodesAfterAppend(hash, 3, [leaves[3] as Buffer], [leaves[2] as Buffer])).toThrow(/needs 2 right-edge nodes/);
  });
});

describe('appendToEdge', () => {
  it('carries the whole right edge from batch to batch, so the tree head needs no read', async () => {
    const random = prng(6962);
    const store = new MemoryNodeSource(hash);
    let edge: Buffer[] = [];
    while (store.size < 1200) {
      const start = store.size;
      const batch = leaves.slice(start, start + 1 + Math.floor(random() * 90));
      const result = appendToEdge(hash, start, edge, batch);
      expect(result.created).toEqual(await appendLeaves(hash, start, batch, store));
      store.put(result.created);
      edge = result.edge;
      expect(edge).toEqual(await store.getNodes(completeSubtrees(0, store.size)));
      expect(foldSubtrees(hash, edge).equals(referenceRoot(hash, leaves.slice(0, store.size)))).toBe(true);
    }
  });

  it('refuses an edge of the wrong shape', () => {
    expect(() => appendToEdge(hash, 5, [leaves[0] as Buffer], [leaves[5] as Buffer])).toThrow(/2 edge subtrees/);
  });
});

describe('MemoryNodeSource', () => {
  it('refuses to invent nodes it does not hold', async () => {
    const source = oneByOne(5);
    await expect(source.getNodes([{ level: 0, index: 5 }])).rejects.toThrow(/not stored/);
    await expect(source.getNodes([{ level: 1, index: 2 }])).rejects.toThrow(/not stored/);
    await expect(rootAt(hash, 6, source)).rejects.toThrow(/not stored/);
  });

  it('refuses nodes that would leave a gap', () => {
    const source = oneByOne(2);
    expect(() => source.put([{ level: 0, index: 3, hash: leaves[3] as Buffer }])).toThrow(/out of order/);
  });
});
