import { createHash, webcrypto } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Checkpoint, InclusionProof } from '../../api/types';
import { checkInclusionProof, hashFamily, hexToBytes, verifyInclusion, type Digester } from './inclusion-proof';

const subtle: Digester = webcrypto.subtle;

const sha256 = (...parts: Uint8Array[]): Buffer => {
  const h = createHash('sha256');
  for (const part of parts) h.update(part);
  return h.digest();
};
const unhex = (hex: string): Buffer => Buffer.from(hex, 'hex');
const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');

// A deliberately naive reference tree, written straight from RFC 9162 §2.1.1 (MTH) and §2.1.3.1 (PATH),
// so the proofs under test come from code that shares nothing with the verifier.
const leafOf = (entry: Uint8Array): Buffer => sha256(Buffer.from([0x00]), entry);
const nodeOf = (left: Uint8Array, right: Uint8Array): Buffer => sha256(Buffer.from([0x01]), left, right);

function split(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

function mth(leaves: readonly Buffer[]): Buffer {
  if (leaves.length === 0) return sha256();
  if (leaves.length === 1) return leaves[0]!;
  const k = split(leaves.length);
  return nodeOf(mth(leaves.slice(0, k)), mth(leaves.slice(k)));
}

function auditPath(m: number, leaves: readonly Buffer[]): Buffer[] {
  if (leaves.length <= 1) return [];
  const k = split(leaves.length);
  return m < k
    ? [...auditPath(m, leaves.slice(0, k)), mth(leaves.slice(k))]
    : [...auditPath(m - k, leaves.slice(k)), mth(leaves.slice(0, k))];
}

// RFC 6962 / Certificate Transparency reference data.
const CT_ENTRIES = ['', '00', '10', '2021', '3031', '40414243', '5051525354555657', '606162636465666768696a6b6c6d6e6f'].map(unhex);
const CT_LEAVES = CT_ENTRIES.map(leafOf);
const CT_ROOT_8 = '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328';
const CT_PROOFS = [
  {
    index: 0,
    size: 8,
    path: [
      '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
    ],
  },
  {
    index: 5,
    size: 8,
    path: [
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
      'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ],
  },
  { index: 2, size: 3, path: ['fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125'] },
  {
    index: 1,
    size: 5,
    path: [
      '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
    ],
  },
];

describe('reference tree (sanity of the test helper)', () => {
  it('reproduces the RFC 6962 root of the 8-leaf CT tree', () => {
    expect(hex(mth(CT_LEAVES))).toBe(CT_ROOT_8);
  });

  it('reproduces the CT audit paths', () => {
    for (const { index, size, path } of CT_PROOFS) {
      expect(auditPath(index, CT_LEAVES.slice(0, size)).map(hex), `${index}/${size}`).toEqual(path);
    }
  });
});

describe('verifyInclusion', () => {
  it('accepts the RFC 6962 CT test vectors', async () => {
    for (const { index, size, path } of CT_PROOFS) {
      const root = mth(CT_LEAVES.slice(0, size));
      const ok = await verifyInclusion(subtle, index, size, CT_LEAVES[index]!, path.map(unhex), root);
      expect(ok, `${index}/${size}`).toBe(true);
    }
  });

  it('accepts every leaf of the 8-leaf CT tree against root 5dc9…4328', async () => {
    for (let i = 0; i < 8; i++) {
      expect(await verifyInclusion(subtle, i, 8, CT_LEAVES[i]!, auditPath(i, CT_LEAVES), unhex(CT_ROOT_8)), `leaf ${i}`).toBe(true);
    }
  });

  it('accepts a single-leaf tree with an empty path', async () => {
    expect(await verifyInclusion(subtle, 0, 1, CT_LEAVES[0]!, [], CT_LEAVES[0]!)).toBe(true);
  });

  it('accepts every leaf of every tree up to 33 leaves', async () => {
    const leaves = Array.from({ length: 33 }, (_, i) => leafOf(Buffer.from(`entry ${i}`)));
    for (let size = 1; size <= leaves.length; size++) {
      const tree = leaves.slice(0, size);
      const root = mth(tree);
      for (let i = 0; i < size; i++) {
        expect(await verifyInclusion(subtle, i, size, tree[i]!, auditPath(i, tree), root), `${i}/${size}`).toBe(true);
      }
    }
  });

  describe('rejects', () => {
    const root = unhex(CT_ROOT_8);
    const path = auditPath(5, CT_LEAVES);
    const leaf = CT_LEAVES[5]!;
    const flip = (b: Buffer): Buffer => {
      const copy = Buffer.from(b);
      copy[0] = (copy[0] ?? 0) ^ 0x01;
      return copy;
    };

    it.each([
      ['another leaf', () => verifyInclusion(subtle, 5, 8, CT_LEAVES[4]!, path, root)],
      ['a changed leaf hash', () => verifyInclusion(subtle, 5, 8, flip(leaf), path, root)],
      ['a changed path hash', () => verifyInclusion(subtle, 5, 8, leaf, [path[0]!, flip(path[1]!), path[2]!], root)],
      ['a changed root', () => verifyInclusion(subtle, 5, 8, leaf, path, flip(root))],
      ['the wrong index', () => verifyInclusion(subtle, 4, 8, leaf, path, root)],
      // Sizes 7 and 8 give leaf 5 the same path shape, which is why the size must come signed with the root.
      ['the wrong tree size', () => verifyInclusion(subtle, 5, 6, leaf, path, root)],
      ['a larger tree size', () => verifyInclusion(subtle, 5, 9, leaf, path, root)],
      ['an index outside the tree', () => verifyInclusion(subtle, 8, 8, leaf, path, root)],
      ['a negative index', () => verifyInclusion(subtle, -1, 8, leaf, path, root)],
      ['a fractional size', () => verifyInclusion(subtle, 5, 8.5, leaf, path, root)],
      ['an empty tree', () => verifyInclusion(subtle, 0, 0, leaf, [], root)],
      ['a path that is too short', () => verifyInclusion(subtle, 5, 8, leaf, path.slice(0, 2), root)],
      ['a path with an extra hash', () => verifyInclusion(subtle, 5, 8, leaf, [...path, path[0]!], root)],
      ['a path in the wrong order', () => verifyInclusion(subtle, 5, 8, leaf, [...path].reverse(), root)],
      ['hashes of the wrong length', () => verifyInclusion(subtle, 5, 8, leaf, [path[0]!.subarray(0, 31), path[1]!, path[2]!], root)],
      ['the root given as the leaf of a one-leaf tree', () => verifyInclusion(subtle, 0, 1, leaf, [], root)],
    ])('%s', async (_name, run) => {
      expect(await run()).toBe(false);
    });
  });
});

describe('hexToBytes', () => {
  it('decodes hex in either case', () => {
    expect(Array.from(hexToBytes('00ffA0')!)).toEqual([0, 255, 160]);
    expect(hexToBytes('')!.length).toBe(0);
  });
  it.each(['0', 'zz', '0x00', 'ab cd'])('refuses %j', (value) => {
    expect(hexToBytes(value)).toBeUndefined();
  });
});

describe('hashFamily', () => {
  it.each([
    ['SHA-256', 'sha256'],
    ['sha256', 'sha256'],
    ['SM3', 'sm3'],
    ['sm3', 'sm3'],
    ['SHA-384', 'other'],
  ])('%s → %s', (algorithm, family) => {
    expect(hashFamily(algorithm)).toBe(family);
  });
});

describe('checkInclusionProof', () => {
  const checkpoint = (over: Partial<Checkpoint> = {}): Checkpoint => ({
    treeSize: 8,
    rootHash: CT_ROOT_8,
    hashAlgorithm: 'SHA-256',
    signedAt: '2026-03-01T08:00:00.000Z',
    keyId: 'audit-2026',
    signatureAlgorithm: 'Ed25519',
    signature: 'c2ln',
    ...over,
  });
  const proof = (over: Partial<InclusionProof> = {}, cp: Partial<Checkpoint> = {}): InclusionProof => ({
    leafIndex: 2,
    treeSize: 8,
    leafHash: hex(CT_LEAVES[2]!),
    hashes: auditPath(2, CT_LEAVES).map(hex),
    checkpoint: checkpoint(cp),
    ...over,
  });

  it('verifies a correct SHA-256 proof against its checkpoint', async () => {
    expect(await checkInclusionProof(proof(), subtle)).toEqual({ status: 'verified', treeSize: 8, pathLength: 3 });
  });

  it('reports a proof that does not reach the signed root', async () => {
    expect(await checkInclusionProof(proof({ leafHash: hex(CT_LEAVES[3]!) }), subtle)).toEqual({ status: 'mismatch', treeSize: 8 });
  });

  it('treats a proof for another tree size than the checkpoint as malformed', async () => {
    expect(await checkInclusionProof(proof({ treeSize: 7 }), subtle)).toEqual({ status: 'malformed', treeSize: 8 });
  });

  it('treats bad hex and short digests as malformed', async () => {
    expect((await checkInclusionProof(proof({ leafHash: 'xyz' }), subtle)).status).toBe('malformed');
    expect((await checkInclusionProof(proof({ hashes: ['abcd'] }), subtle)).status).toBe('malformed');
    expect((await checkInclusionProof(proof({}, { rootHash: CT_ROOT_8.slice(2) }), subtle)).status).toBe('malformed');
  });

  it('does not claim to verify SM3 (国密) proofs', async () => {
    expect(await checkInclusionProof(proof({}, { hashAlgorithm: 'SM3' }), subtle)).toEqual({ status: 'server-only', algorithm: 'SM3' });
  });

  it('does not guess at unknown algorithms', async () => {
    expect(await checkInclusionProof(proof({}, { hashAlgorithm: 'BLAKE3' }), subtle)).toEqual({ status: 'unsupported', algorithm: 'BLAKE3' });
  });

  it('says so when the browser has no WebCrypto', async () => {
    expect(await checkInclusionProof(proof(), undefined)).toEqual({ status: 'no-webcrypto' });
  });
});
