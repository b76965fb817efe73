import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { consistencyProof } from './consistency-proof.js';
import { emptyRoot, leafHash, nodeCryptoHash, nodeHash } from './hashing.js';
import { inclusionProof } from './inclusion-proof.js';
import { MemoryNodeSource } from './memory-node-source.js';
import { referenceRoot } from './reference-root.js';
import { rootAt } from './root-at.js';
import { TreeBuilder } from './tree-builder.js';
import { verifyConsistency, verifyInclusion } from './verify.js';

// The Certificate Transparency reference vectors (RFC 6962, SHA-256). Matching them is what makes
// our tree heads checkable by any other RFC 6962/9162 implementation.
const sha256 = nodeCryptoHash('sha256');
const unhex = (s: string): Buffer => Buffer.from(s, 'hex');
const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

const ENTRIES = ['', '00', '10', '2021', '3031', '40414243', '5051525354555657', '606162636465666768696a6b6c6d6e6f'].map(unhex);
const LEAVES = ENTRIES.map((e) => leafHash(sha256, e));
const EMPTY = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
// ROOTS[n - 1] is the head of the tree of the first n leaves.
const ROOTS = [
  '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
  'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
  'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
  'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
  '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
  '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
  'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
  '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
];
const rootOf = (n: number): Buffer => unhex(ROOTS[n - 1] as string);

const INCLUSION = [
  { index: 0, size: 1, proof: [] },
  { index: 0, size: 8, proof: ['96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7', '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e', '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4'] },
  { index: 5, size: 8, proof: ['bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b', 'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0', 'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7'] },
  { index: 2, size: 3, proof: ['fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125'] },
  { index: 1, size: 5, proof: ['6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d', '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e', 'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b'] },
];

const CONSISTENCY = [
  { oldSize: 1, newSize: 1, proof: [] },
  { oldSize: 1, newSize: 8, proof: ['96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7', '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e', '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4'] },
  { oldSize: 2, newSize: 8, proof: ['5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e', '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4'] },
  { oldSize: 6, newSize: 8, proof: ['0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a', 'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0', 'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7'] },
  { oldSize: 2, newSize: 5, proof: ['5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e', 'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b'] },
];

function ctSource(): MemoryNodeSource {
  const source = new MemoryNodeSource(sha256);
  source.append(LEAVES);
  return source;
}

describe('RFC 6962 hashing (SHA-256)', () => {
  it('hashes the empty tree to SHA-256("")', () => {
    expect(hex(emptyRoot(sha256))).toBe(EMPTY);
    expect(hex(referenceRoot(sha256, []))).toBe(EMPTY);
    expect(hex(new TreeBuilder(sha256).root())).toBe(EMPTY);
  });

  it('prefixes leaves with 0x00 and interior nodes with 0x01', () => {
    expect(hex(leafHash(sha256, new Uint8Array(0)))).toBe(ROOTS[0]);
    const expected = createHash('sha256').update(Buffer.concat([Buffer.from([1]), LEAVES[0] as Buffer, LEAVES[1] as Buffer])).digest();
    expect(nodeHash(sha256, LEAVES[0] as Buffer, LEAVES[1] as Buffer)).toEqual(expected);
    expect(hex(expected)).toBe(ROOTS[1]);
  });

  it('accepts a createHash-based HashFn as well as the one-shot one', () => {
    const viaCreateHash = (d: Uint8Array): Buffer => createHash('sha256').update(d).digest();
    expect(hex(referenceRoot(viaCreateHash, ENTRIES.map((e) => leafHash(viaCreateHash, e))))).toBe(ROOTS[7]);
  });
});

describe('CT reference tree heads for sizes 1..8', () => {
  it('referenceRoot matches', () => {
    for (let n = 1; n <= 8; n++) expect(hex(referenceRoot(sha256, LEAVES.slice(0, n))), `size ${n}`).toBe(ROOTS[n - 1]);
  });

  it('rootAt over stored nodes matches', async () => {
    const source = ctSource();
    expect(hex(await rootAt(sha256, 0, source))).toBe(EMPTY);
    for (let n = 1; n <= 8; n++) expect(hex(await rootAt(sha256, n, source)), `size ${n}`).toBe(ROOTS[n - 1]);
  });

  it('TreeBuilder matches at every intermediate size', () => {
    const builder = new TreeBuilder(sha256);
    LEAVES.forEach((leaf, i) => {
      builder.push(leaf);
      expect(hex(builder.root()), `size ${i + 1}`).toBe(ROOTS[i]);
    });
  });
});

describe('CT reference proofs', () => {
  it.each(INCLUSION)('inclusion of leaf $index in size $size', async ({ index, size, proof }) => {
    const generated = await inclusionProof(sha256, index, size, ctSource());
    expect(generated.map(hex)).toEqual(proof);
    expect(verifyInclusion(sha256, index, size, LEAVES[index] as Buffer, proof.map(unhex), rootOf(size))).toBe(true);
  });

  it.each(CONSISTENCY)('consistency $oldSize → $newSize', async ({ oldSize, newSize, proof }) => {
    const generated = await consistencyProof(sha256, oldSize, newSize, ctSource());
    expect(generated.map(hex)).toEqual(proof);
    expect(verifyConsistency(sha256, oldSize, newSize, rootOf(oldSize), rootOf(newSize), proof.map(unhex))).toBe(true);
  });
});
