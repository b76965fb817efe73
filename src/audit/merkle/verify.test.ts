import { describe, expect, it } from 'vitest';
import { consistencyProof } from './consistency-proof.js';
import { emptyRoot, type HashFn, leafHash, nodeCryptoHash, nodeHash } from './hashing.js';
import { inclusionProof } from './inclusion-proof.js';
import { MemoryNodeSource } from './memory-node-source.js';
import type { NodeSource } from './node-source.js';
import { referenceRoot } from './reference-root.js';
import { rootAt } from './root-at.js';
import type { NodeRef } from './tree-math.js';
import { verifyConsistency, verifyInclusion } from './verify.js';

const hash = nodeCryptoHash('sha256');
const leaves = Array.from({ length: 16 }, (_, i) => leafHash(hash, Buffer.from([i])));
const root = (n: number): Buffer => referenceRoot(hash, leaves.slice(0, n));
const store = new MemoryNodeSource(hash);
store.append(leaves);

describe('verifiers on malformed input', () => {
  it('refuse bad inclusion arguments without throwing', async () => {
    const proof = await inclusionProof(hash, 5, 8, store);
    const leaf = leaves[5] as Buffer;
    const refuse = (index: number, size: number, l: unknown, p: unknown, r: unknown) =>
      expect(verifyInclusion(hash, index, size, l as Buffer, p as Buffer[], r as Buffer)).toBe(false);
    expect(verifyInclusion(hash, 5, 8, leaf, proof, root(8))).toBe(true);
    for (const [index, size] of [[8, 8], [9, 8], [-1, 8], [5.5, 8], [NaN, 8], [5, NaN], [0, 0], [5, 2 ** 53]]) {
      refuse(index as number, size as number, leaf, proof, root(8));
    }
    refuse(5, 8, leaf.subarray(0, 31), proof, root(8));
    refuse(5, 8, leaf, proof, root(8).subarray(1));
    refuse(5, 8, leaf, [(proof[0] as Buffer).subarray(0, 31), ...proof.slice(1)], root(8));
    refuse(5, 8, leaf, 'not a proof', root(8));
    refuse(5, 8, leaf, [null, ...proof.slice(1)], root(8));
    refuse(5, 8, leaf, proof, undefined);
    refuse(0, 1, Buffer.alloc(0), [], Buffer.alloc(0));
  });

  it('accept an SM3 proof only with the SM3 hash', async () => {
    const sm3 = nodeCryptoHash('sm3');
    const sm3Leaves = leaves.map((_, i) => leafHash(sm3, Buffer.from([i])));
    const sm3Store = new MemoryNodeSource(sm3);
    sm3Store.append(sm3Leaves);
    const proof = await inclusionProof(sm3, 3, 11, sm3Store);
    const sm3Root = await rootAt(sm3, 11, sm3Store);
    expect(verifyInclusion(sm3, 3, 11, sm3Leaves[3] as Buffer, proof, sm3Root)).toBe(true);
    expect(verifyInclusion(hash, 3, 11, sm3Leaves[3] as Buffer, proof, sm3Root)).toBe(false);
  });

  it('handle the trivial consistency cases and refuse bad arguments', async () => {
    const c = (m: number, n: number, a: unknown, b: unknown, p: unknown) => verifyConsistency(hash, m, n, a as Buffer, b as Buffer, p as Buffer[]);
    expect(c(4, 4, root(4), root(4), [])).toBe(true);
    expect(c(4, 4, root(4), root(5), [])).toBe(false);
    expect(c(4, 4, root(4), root(4), [root(4)])).toBe(false);
    expect(c(0, 9, emptyRoot(hash), root(9), [])).toBe(true);
    expect(c(0, 9, root(1), root(9), [])).toBe(false);
    expect(c(0, 9, emptyRoot(hash), root(9), [root(9)])).toBe(false);
    expect(c(0, 0, emptyRoot(hash), emptyRoot(hash), [])).toBe(true);
    const proof = await consistencyProof(hash, 6, 13, store);
    expect(c(6, 13, root(6), root(13), proof)).toBe(true);
    expect(c(13, 6, root(13), root(6), proof)).toBe(false);
    expect(c(6, 13, root(6), root(13), [])).toBe(false);
    expect(c(6, 13, root(6).subarray(2), root(13), proof)).toBe(false);
    expect(c(6, 13, root(6), root(13), [...proof.slice(0, -1), Buffer.alloc(33)])).toBe(false);
    expect(c(-6, 13, root(6), root(13), proof)).toBe(false);
    expect(c(6, 13, root(6), root(13), 'proof')).toBe(false);
  });
});

/**
 * A tree whose leaves are all the same hash: every node at a level has the same hash, so a
 * consistent node source exists for any size, however large. That lets the index arithmetic of
 * generators and verifiers be exercised far beyond 2^32, where bitwise operators would truncate.
 */
class UniformSource implements NodeSource {
  private readonly byLevel: Buffer[];
  constructor(private readonly hash: HashFn, leaf: Buffer) {
    this.byLevel = [leaf];
  }
  async getNodes(refs: readonly NodeRef[]): Promise<Buffer[]> {
    return refs.map(({ level }) => {
      while (this.byLevel.length <= level) {
        const below = this.byLevel[this.byLevel.length - 1] as Buffer;
        this.byLevel.push(nodeHash(this.hash, below, below));
      }
      return this.byLevel[level] as Buffer;
    });
  }
}

describe('trees larger than 2^32 leaves', () => {
  const leaf = leaves[0] as Buffer;
  const source = new UniformSource(hash, leaf);

  it('uniform source agrees with the reference on small sizes', async () => {
    for (let n = 1; n <= 40; n++) {
      expect((await rootAt(hash, n, source)).equals(referenceRoot(hash, Array(n).fill(leaf) as Buffer[]))).toBe(true);
    }
  });

  it('proves inclusion and consistency at sizes around 2^40', async () => {
    const size = 2 ** 40 + 2 ** 33 + 12_345;
    const head = await rootAt(hash, size, source);
    for (const index of [0, 2 ** 32 - 1, 2 ** 32, 2 ** 39 + 777, 2 ** 40 + 2 ** 33, size - 1]) {
      const proof = await inclusionProof(hash, index, size, source);
      expect(verifyInclusion(hash, index, size, leaf, proof, head), `leaf ${index}`).toBe(true);
      expect(verifyInclusion(hash, index, size + 1, leaf, proof, await rootAt(hash, size + 1, source))).toBe(false);
    }
    for (const oldSize of [1, 2 ** 32 + 3, 2 ** 35, 2 ** 40 + 1, size - 1]) {
      const proof = await consistencyProof(hash, oldSize, size, source);
      const oldHead = await rootAt(hash, oldSize, source);
      expect(verifyConsistency(hash, oldSize, size, oldHead, head, proof), `${oldSize} → ${size}`).toBe(true);
      expect(verifyConsistency(hash, oldSize + 1, size, await rootAt(hash, oldSize + 1, source), head, proof)).toBe(false);
    }
  });
});
