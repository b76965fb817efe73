import type { AeadAlgorithm, AeadCipher, AeadSealed, ProfileName } from '../../crypto/index.js';
import { PackageError } from './errors.js';
import type { KeyEncapsulation, RecipientAlgorithm } from './recipient-keys.js';

/**
 * The export package file, version 1. One binary file, read front to back:
 *
 *   offset  size  content
 *   0       4     magic "YXPK"
 *   4       1     format version (1)
 *   5       4     H: header length, unsigned big-endian
 *   9       H     header, UTF-8 JSON (PackageHeader): who it is for, how the key is delivered, cipher
 *   …             payload frames, one after another, each:
 *                   1  flags (bit 0 = final frame; other bits 0)
 *                   4  L: sealed length, unsigned big-endian
 *                   L  nonce ‖ ciphertext ‖ tag of one chunk of at most `chunkSize` plaintext bytes
 *   …       4     M: manifest length;  M bytes: manifest, UTF-8 JSON (PackageManifest), in clear
 *   …       4     S: signature length; S bytes: signature over exactly the M manifest bytes
 *   end           nothing may follow
 *
 * The plaintext is the data files concatenated in manifest order. Each chunk is sealed with the
 * payload AEAD under AAD = digest(prefix) ‖ chunk index (8 bytes) ‖ final flag (1 byte): a frame
 * cannot be moved, dropped, duplicated, or taken from another package, and the stream cannot be cut
 * short, without failing authentication. The manifest carries checksums of the prefix, the frames
 * and every plaintext file, and the signature covers the manifest, so the whole file is signed.
 */
export const MAGIC = Buffer.from('YXPK', 'ascii');
export const FORMAT_VERSION = 1;
export const PREFIX_FIXED = MAGIC.length + 1 + 4;
export const FRAME_HEAD = 1 + 4;
export const DEFAULT_CHUNK_SIZE = 64 * 1024;
/** Limits that stop a corrupted length from making a reader allocate gigabytes. */
export const MAX_HEADER = 64 * 1024;
export const MAX_CHUNK_SIZE = 4 * 1024 * 1024;
export const MAX_MANIFEST = 4 * 1024 * 1024;
export const MAX_SIGNATURE = 1024;
const FINAL = 0x01;

export interface PackageHeader {
  format: 'yixiang-export-package';
  version: 1;
  packageId: string;
  profile: ProfileName;
  createdAt: string;
  recipient: { algorithm: RecipientAlgorithm; fingerprint: string };
  keyEncapsulation: KeyEncapsulation;
  payloadCipher: AeadAlgorithm;
  chunkSize: number;
}

function u32(value: number): Buffer {
  const out = Buffer.alloc(4);
  out.writeUInt32BE(value);
  return out;
}

/** Magic, version, header length and header bytes: the part `digest(prefix)` is taken over. */
export function encodePrefix(header: PackageHeader): Buffer {
  const json = Buffer.from(JSON.stringify(header), 'utf8');
  if (json.length > MAX_HEADER) throw new PackageError('PACKAGE_INPUT', 'package header too large');
  return Buffer.concat([MAGIC, Buffer.from([FORMAT_VERSION]), u32(json.length), json]);
}

/** Reads the fixed part of the prefix; returns the header length still to read. */
export function readPrefixStart(fixed: Buffer): number {
  if (fixed.length < PREFIX_FIXED || !fixed.subarray(0, MAGIC.length).equals(MAGIC)) throw new PackageError('PACKAGE_MALFORMED', 'not a Yixiang export package (bad magic)');
  const version = fixed[MAGIC.length]!;
  if (version !== FORMAT_VERSION) throw new PackageError('PACKAGE_MALFORMED', `unsupported package format version ${version} (this tool reads version ${FORMAT_VERSION})`, { version });
  const length = fixed.readUInt32BE(MAGIC.length + 1);
  if (length === 0 || length > MAX_HEADER) throw new PackageError('PACKAGE_MALFORMED', 'package header length out of range');
  return length;
}

const isString = (value: unknown): value is string => typeof value === 'string' && value.length > 0;

export function parseHeader(json: Buffer): PackageHeader {
  let header: Record<string, unknown>;
  try {
    header = JSON.parse(json.toString('utf8')) as Record<string, unknown>;
  } catch (cause) {
    throw new PackageError('PACKAGE_MALFORMED', 'package header is not JSON', {}, { cause });
  }
  const recipient = header.recipient as Record<string, unknown> | undefined;
  const encapsulation = header.keyEncapsulation as Record<string, unknown> | undefined;
  const valid =
    header.format === 'yixiang-export-package' &&
    header.version === FORMAT_VERSION &&
    isString(header.packageId) &&
    (header.profile === 'standard' || header.profile === 'gm') &&
    isString(header.createdAt) &&
    (recipient?.algorithm === 'X25519' || recipient?.algorithm === 'SM2') &&
    isString(recipient.fingerprint) &&
    ((encapsulation?.algorithm === 'X25519-HKDF-SHA256' && isString(encapsulation.ephemeralPublicKey)) || (encapsulation?.algorithm === 'SM2-ENCRYPT' && isString(encapsulation.encryptedKey))) &&
    (header.payloadCipher === 'AES-256-GCM' || header.payloadCipher === 'SM4-CTR+HMAC-SM3') &&
    Number.isInteger(header.chunkSize) &&
    (header.chunkSize as number) > 0 &&
    (header.chunkSize as number) <= MAX_CHUNK_SIZE;
  if (!valid) throw new PackageError('PACKAGE_MALFORMED', 'package header is incomplete or has unknown algorithms');
  return header as unknown as PackageHeader;
}

export function frameAad(prefixDigest: Buffer, index: number, final: boolean): Buffer {
  const aad = Buffer.alloc(prefixDigest.length + 9);
  prefixDigest.copy(aad, 0);
  aad.writeBigUInt64BE(BigInt(index), prefixDigest.length);
  aad[prefixDigest.length + 8] = final ? FINAL : 0;
  return aad;
}

export function encodeFrame(final: boolean, sealed: AeadSealed): Buffer {
  const length = sealed.nonce.length + sealed.ciphertext.length + sealed.tag.length;
  return Buffer.concat([Buffer.from([final ? FINAL : 0]), u32(length), sealed.nonce, sealed.ciphertext, sealed.tag]);
}

/** Frame flags and sealed length; the caller checks the length against what the cipher allows. */
export function readFrameHead(head: Buffer): { final: boolean; length: number } {
  const flags = head[0]!;
  if ((flags & ~FINAL) !== 0) throw new PackageError('PACKAGE_TAMPERED', 'a payload frame has unknown flags');
  return { final: (flags & FINAL) === FINAL, length: head.readUInt32BE(1) };
}

export function maxSealedLength(cipher: AeadCipher, chunkSize: number): number {
  return cipher.nonceLength + chunkSize + cipher.tagLength;
}

export function splitSealed(cipher: AeadCipher, sealed: Buffer): AeadSealed {
  if (sealed.length < cipher.nonceLength + cipher.tagLength) throw new PackageError('PACKAGE_TAMPERED', 'a payload frame is shorter than its nonce and tag');
  return {
    nonce: sealed.subarray(0, cipher.nonceLength),
    ciphertext: sealed.subarray(cipher.nonceLength, sealed.length - cipher.tagLength),
    tag: sealed.subarray(sealed.length - cipher.tagLength),
  };
}

export function encodeTrailer(manifest: Buffer, signature: Buffer): Buffer {
  return Buffer.concat([u32(manifest.length), manifest, u32(signature.length), signature]);
}
