import type { InclusionProof } from '../../api/types';

/**
 * Checks an audit entry's Merkle inclusion proof in the browser, independently of the server's code.
 * Follows RFC 9162 §2.1.3.2 literally; interior nodes are SHA-256(0x01 ‖ left ‖ right) as in §2.1.1.
 * The leaf hash SHA-256(0x00 ‖ canonical entry) is taken as the server sends it.
 */

/** The one WebCrypto call needed; both the browser's `crypto.subtle` and Node's `webcrypto.subtle` fit. */
export interface Digester {
  digest(algorithm: 'SHA-256', data: Uint8Array<ArrayBuffer>): Promise<ArrayBuffer>;
}

const SHA256_BYTES = 32;

/** Lowercase or uppercase hex of whole bytes; anything else is undefined rather than a guess. */
export function hexToBytes(hex: string): Uint8Array<ArrayBuffer> | undefined {
  if (hex.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(hex)) return undefined;
  const bytes = new Uint8Array(hex.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return bytes;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= (a[i] ?? 0) ^ (b[i] ?? 0);
  return diff === 0;
}

async function interiorNode(subtle: Digester, left: Uint8Array, right: Uint8Array): Promise<Uint8Array> {
  const input = new Uint8Array(1 + left.length + right.length);
  input[0] = 0x01;
  input.set(left, 1);
  input.set(right, 1 + left.length);
  return new Uint8Array(await subtle.digest('SHA-256', input));
}

function isIndex(n: number): boolean {
  return Number.isSafeInteger(n) && n >= 0;
}

/**
 * True when `path` proves that `leafHash` is leaf number `leafIndex` of the tree of `treeSize` leaves
 * whose root is `rootHash`. `treeSize` must come from the same signed checkpoint as `rootHash`.
 * Malformed input (wrong lengths, index outside the tree, too long or too short a path) is false.
 */
export async function verifyInclusion(
  subtle: Digester,
  leafIndex: number,
  treeSize: number,
  leafHash: Uint8Array,
  path: readonly Uint8Array[],
  rootHash: Uint8Array,
): Promise<boolean> {
  if (!isIndex(leafIndex) || !isIndex(treeSize) || leafIndex >= treeSize) return false;
  if ([leafHash, rootHash, ...path].some((h) => h.length !== SHA256_BYTES)) return false;

  // Division instead of bit shifts: JavaScript shifts work on 32 bits, tree sizes may not fit.
  let fn = leafIndex;
  let sn = treeSize - 1;
  let r = leafHash;
  for (const p of path) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      r = await interiorNode(subtle, p, r);
      while (fn % 2 === 0 && fn !== 0) {
        fn = Math.floor(fn / 2);
        sn = Math.floor(sn / 2);
      }
    } else {
      r = await interiorNode(subtle, r, p);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 && sameBytes(r, rootHash);
}

export type ProofCheck =
  /** Recomputed in this browser and equal to the checkpoint's root. */
  | { status: 'verified'; treeSize: number; pathLength: number }
  /** Recomputed and different: the entry, the proof or the checkpoint does not match. */
  | { status: 'mismatch'; treeSize: number }
  /** The proof is not even well-formed (bad hex, wrong digest length, sizes that disagree). */
  | { status: 'malformed'; treeSize: number }
  /** SM3 (the 国密 profile) is not available in WebCrypto; only the server and the CLI can check it. */
  | { status: 'server-only'; algorithm: string }
  /** A hash algorithm this console does not know. */
  | { status: 'unsupported'; algorithm: string }
  /** No WebCrypto here: browsers only provide it in secure contexts (HTTPS or localhost). */
  | { status: 'no-webcrypto' };

type HashFamily = 'sha256' | 'sm3' | 'other';

export function hashFamily(algorithm: string): HashFamily {
  const name = algorithm.toLowerCase().replace(/[-_\s]/g, '');
  if (name === 'sha256') return 'sha256';
  if (name === 'sm3') return 'sm3';
  return 'other';
}

/** Decides what can honestly be said about a proof received from the server, verifying it when possible. */
export async function checkInclusionProof(proof: InclusionProof, subtle: Digester | undefined): Promise<ProofCheck> {
  const { checkpoint } = proof;
  const family = hashFamily(checkpoint.hashAlgorithm);
  if (family === 'sm3') return { status: 'server-only', algorithm: checkpoint.hashAlgorithm };
  if (family === 'other') return { status: 'unsupported', algorithm: checkpoint.hashAlgorithm };
  if (!subtle) return { status: 'no-webcrypto' };

  const treeSize = checkpoint.treeSize;
  // The size must be the signed one; a proof computed for another size says nothing about this root.
  if (proof.treeSize !== treeSize) return { status: 'malformed', treeSize };
  const leaf = hexToBytes(proof.leafHash);
  const root = hexToBytes(checkpoint.rootHash);
  const path = proof.hashes.map(hexToBytes);
  if (!leaf || !root || path.some((h) => h === undefined)) return { status: 'malformed', treeSize };
  const hashes = path as Uint8Array[];
  if ([leaf, root, ...hashes].some((h) => h.length !== SHA256_BYTES)) return { status: 'malformed', treeSize };

  const ok = await verifyInclusion(subtle, proof.leafIndex, treeSize, leaf, hashes, root);
  return ok ? { status: 'verified', treeSize, pathLength: hashes.length } : { status: 'mismatch', treeSize };
}

/** The page's WebCrypto, or undefined where the browser withholds it (plain-HTTP intranet addresses). */
export function browserDigester(): Digester | undefined {
  const subtle = globalThis.crypto?.subtle;
  return subtle ? (subtle as Digester) : undefined;
}
