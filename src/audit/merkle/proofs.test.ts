import { describe, expect, it } from 'vitest';
import { consistencyProof } from './consistency-proof.js';
import { type HashFn, leafHash, nodeCryptoHash } from './hashing.js';
import { inclusionProof } from './inclusion-proof.js';
import { MemoryNodeSource } from './memory-node-source.js';
import type { NodeSource } from './node-source.js';
import { referenceRoot } from './reference-root.js';
import { rootAt } from './root-at.js';
import type { NodeRef } from './tree-math.js';
import { verifyConsistency, verifyInclusion } from './verify.js';

/*
 * Every proof of every tree up to 64 leaves is generated from stored nodes and checked with the
 * independently written verifiers, against roots from the naive reference MTH. Then each proof is
 * damaged in every way a forger or a buggy transport could damage it, and must be refused.
 */

const MAX = 64;

function fixture(hash: HashFn, count: number) {
  const leaves = Array.from({ length: count }, (_, i) => leafHash(hash, Buffer.from(`audit event ${i}`)));
  const roots = Array.from({ length: count + 1 }, (_, n) => referenceRoot(hash, leaves.slice(0, n)));
  const source = new MemoryNodeSource(hash);
  source.append(leaves);
  return { leaves, roots, source };
}

function flipped(proof: readonly Buffer[], at: number): Buffer[] {
  return proof.map((p, i) => {
    if (i !== at) return p;
    const copy = Buffer.from(p);
    copy.writeUInt8(copy.readUInt8(copy.length - 1) ^ 0x01, copy.length - 1);
    return copy;
  });
}

/** Every way of damaging a proof that must be detected: each element flipped, one dropped, one added. */
function damaged(proof: readonly Buffer[], filler: Buffer): Buffer[][] {
  const variants = proof.map((_, i) => flipped(proof, i));
  if (proof.length > 0) variants.push(proof.slice(0, -1), proof.slice(1));
  variants.push([...proof, filler], [filler, ...proof]);
  if (proof.length > 0) variants.push([...proof, proof[proof.length - 1] as Buffer]);
  return variants;
}

/**
 * Collects mismatches and asserts once: tens of thousands of individual expect() calls would
 * dominate the run time, and one list of every failing case is more useful than the first one.
 */
function collector() {
  const failures: string[] = [];
  return {
    want(actual: boolean, expected: boolean, label: string) {
      if (actual !== expected) failures.push(`${label}: got ${actual}`);
    },
    failures,
  };
}

function checkAll(hash: HashFn, max: number) {
  const { leaves, roots, source } = fixture(hash, max);
  const filler = hash(Buffer.from('not a node of this tree'));
  const root = (n: number): Buffer => roots[n] as Buffer;

  it('rootAt equals the reference MTH at every size', async () => {
    for (let n = 0; n <= max; n++) expect((await rootAt(hash, n, source)).equals(root(n)), `size ${n}`).toBe(true);
  });

  it('every inclusion proof verifies, and every damaged one is refused', async () => {
    const { want, failures } = collector();
    for (let n = 1; n <= max; n++) {
      for (let i = 0; i < n; i++) {
        const leaf = leaves[i] as Buffer;
        const proof = await inclusionProof(hash, i, n, source);
        const ok = (idx: number, size: number, l: Buffer, p: readonly Buffer[], r: Buffer) => verifyInclusion(hash, idx, size, l, p, r);
        want(ok(i, n, leaf, proof, root(n)), true, `leaf ${i} of ${n}`);
        want(ok(i, n, filler, proof, root(n)), false, `foreign leaf hash, ${i}/${n}`);
        if (n > 1) want(ok(i, n, leaves[(i + 1) % n] as Buffer, proof, root(n)), false, `neighbour's hash, ${i}/${n}`);
        for (const wrong of [i - 1, i + 1, i ^ 1, n - 1 - i]) {
          if (wrong !== i) want(ok(wrong, n, leaf, proof, root(n)), false, `index ${wrong} for ${i}/${n}`);
        }
        // A size comes with its own signed root; a proof for n must not pass for any other head.
        for (const size of [n - 1, n + 1, 2 * n]) {
          if (size > i && size <= max) want(ok(i, size, leaf, proof, root(size)), false, `size ${size} for ${i}/${n}`);
        }
        want(ok(i, n, leaf, proof, root(n - 1)), false, `older root, ${i}/${n}`);
        damaged(proof, filler).forEach((bad, v) => want(ok(i, n, leaf, bad, root(n)), false, `damage #${v}, ${i}/${n}`));
      }
    }
    expect(failures).toEqual([]);
  });

  it('every consistency proof verifies, and every damaged one is refused', async () => {
    const { want, failures } = collector();
    for (let n = 1; n <= max; n++) {
      for (let m = 0; m <= n; m++) {
        const proof = await consistencyProof(hash, m, n, source);
        const ok = (a: number, b: number, ra: Buffer, rb: Buffer, p: readonly Buffer[]) => verifyConsistency(hash, a, b, ra, rb, p);
        want(ok(m, n, root(m), root(n), proof), true, `${m} → ${n}`);
        if (m === 0) continue;
        want(ok(m, n, filler, root(n), proof), false, `wrong old root, ${m} → ${n}`);
        want(ok(m, n, root(m), filler, proof), false, `wrong new root, ${m} → ${n}`);
        for (const [a, b] of [[m - 1, n], [m + 1, n], [m, n - 1], [m, n + 1]] as const) {
          if (a >= 1 && a <= b && b <= max && !(a === m && b === n)) {
            want(ok(a, b, root(a), root(b), proof), false, `${a} → ${b} with proof for ${m} → ${n}`);
          }
        }
        damaged(proof, filler).forEach((bad, v) => want(ok(m, n, root(m), root(n), bad), false, `damage #${v}, ${m} → ${n}`));
      }
    }
    expect(failures).toEqual([]);
  });
}

describe('proofs over SHA-256 trees of 1..64 leaves', () => {
  checkAll(nodeCryptoHash('sha256'), MAX);
});

describe('proofs over SM3 trees of 1..21 leaves', () => {
  checkAll(nodeCryptoHash('sm3'), 21);
});

/** Counts batched reads and nodes read, to hold the generators to their stated cost. */
class CountingSource implements NodeSource {
  calls = 0;
  nodes = 0;
  constructor(private readonly inner: NodeSource) {}
  async getNodes(refs: readonly NodeRef[]): Promise<Buffer[]> {
    this.calls += 1;
    this.nodes += refs.length;
    return this.inner.getNodes(refs);
  }
}

describe('proof cost', () => {
  const hash = nodeCryptoHash('sha256');
  const size = 5000;
  const source = new MemoryNodeSource(hash);
  source.append(Array.from({ length: size }, (_, i) => leafHash(hash, Buffer.from(`audit event ${i}`))));
  const log2 = (n: number) => Math.ceil(Math.log2(n));

  it('reads at most 2·log2(n) nodes per inclusion proof, in one batch', async () => {
    for (let n = 2; n <= size; n += 97) {
      for (const i of [0, 1, n >> 1, n - 2, n - 1]) {
        const counting = new CountingSource(source);
        await inclusionProof(hash, i, n, counting);
        expect(counting.calls).toBe(1);
        expect(counting.nodes).toBeLessThanOrEqual(2 * log2(n));
      }
    }
  });

  it('reads at most 2·log2(n) + 1 nodes per consistency proof, in one batch', async () => {
    for (let n = 2; n <= size; n += 89) {
      for (const m of [1, 3, n >> 1, n - 3, n - 1]) {
        if (m < 1 || m >= n) continue;
        const counting = new CountingSource(source);
        await consistencyProof(hash, m, n, counting);
        expect(counting.calls).toBe(1);
        expect(counting.nodes).toBeLessThanOrEqual(2 * log2(n) + 1);
      }
    }
  });

  it('reads popcount(n) nodes for a tree head', async () => {
    const counting = new CountingSource(source);
    await rootAt(hash, 0b1001101101011, counting);
    expect([counting.calls, counting.nodes]).toEqual([1, 8]);
  });
});
