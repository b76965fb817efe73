import { createHash, type Hash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { type FileHandle, mkdir, open, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { type AeadCipher, type HashAlgorithm, aeadByName, getProfile, hashWith } from '../../crypto/index.js';
import {
  FRAME_HEAD,
  MAX_MANIFEST,
  MAX_SIGNATURE,
  PREFIX_FIXED,
  type PackageHeader,
  frameAad,
  maxSealedLength,
  parseHeader,
  readFrameHead,
  readPrefixStart,
  splitSealed,
} from './container.js';
import { PackageError } from './errors.js';
import { type PackageManifest, parseManifest, verifyManifestSignature } from './manifest.js';
import { decapsulate, fingerprintMatches, keyFingerprint, parseRecipientPrivateKey, type RecipientPrivateKey } from './recipient-keys.js';

export interface OpenPackageOptions {
  /** The recipient's private key (PKCS#8 PEM), as written by `yixiang package keygen`. */
  privateKeyPem: string;
  /** Where to write the data files and the manifest; without it the package is only verified. */
  outDir?: string;
  /** The hospital's signing public key (SPKI PEM), obtained out of band. */
  trustedSignerKey?: string;
  now?: Date;
}

export interface OpenedPackage {
  header: PackageHeader;
  manifest: PackageManifest;
  manifestBytes: Buffer;
  /** False when no trusted key was given: the signature then proves consistency, not origin. */
  signerTrusted: boolean;
  expired: boolean;
  written: string[];
}

const NODE_HASH: Record<HashAlgorithm, string> = { 'SHA-256': 'sha256', SM3: 'sm3' };
export const MANIFEST_FILE = 'manifest.json';
export const SIGNATURE_FILE = 'manifest.sig';

async function readExactly(file: FileHandle, position: number, length: number): Promise<Buffer> {
  const buffer = Buffer.alloc(length);
  let done = 0;
  while (done < length) {
    const { bytesRead } = await file.read(buffer, done, length - done, position + done);
    if (bytesRead === 0) throw new PackageError('PACKAGE_TAMPERED', 'the package is truncated');
    done += bytesRead;
  }
  return buffer;
}

interface Layout {
  prefix: Buffer;
  header: PackageHeader;
  /** Offsets of each frame's sealed bytes, in order. */
  frames: { offset: number; length: number; final: boolean }[];
  payloadDigest: string;
  manifestBytes: Buffer;
  signature: Buffer;
}

/** First pass: structure and digests only, nothing decrypted, so a forged file is refused before any key is used. */
async function readLayout(file: FileHandle, size: number): Promise<Layout> {
  const fixed = await readExactly(file, 0, Math.min(PREFIX_FIXED, size));
  const headerLength = readPrefixStart(fixed);
  const headerBytes = await readExactly(file, PREFIX_FIXED, headerLength);
  const header = parseHeader(headerBytes);
  const cipher = aeadByName(header.payloadCipher);
  const hash = createHash(NODE_HASH[getProfile(header.profile).hashAlgorithm]);
  const frames: Layout['frames'] = [];
  let position = PREFIX_FIXED + headerLength;
  for (;;) {
    const head = await readExactly(file, position, FRAME_HEAD);
    const { final, length } = readFrameHead(head);
    if (length > maxSealedLength(cipher, header.chunkSize)) throw new PackageError('PACKAGE_TAMPERED', 'a payload frame is longer than the header allows');
    hash.update(head).update(await readExactly(file, position + FRAME_HEAD, length));
    frames.push({ offset: position + FRAME_HEAD, length, final });
    position += FRAME_HEAD + length;
    if (final) break;
  }
  const manifestLength = (await readExactly(file, position, 4)).readUInt32BE(0);
  if (manifestLength > MAX_MANIFEST) throw new PackageError('PACKAGE_TAMPERED', 'the manifest length is out of range');
  const manifestBytes = await readExactly(file, position + 4, manifestLength);
  position += 4 + manifestLength;
  const signatureLength = (await readExactly(file, position, 4)).readUInt32BE(0);
  if (signatureLength === 0 || signatureLength > MAX_SIGNATURE) throw new PackageError('PACKAGE_TAMPERED', 'the signature length is out of range');
  const signature = await readExactly(file, position + 4, signatureLength);
  if (position + 4 + signatureLength !== size) throw new PackageError('PACKAGE_TAMPERED', 'bytes follow the signature');
  return { prefix: Buffer.concat([fixed, headerBytes]), header, frames, payloadDigest: hash.digest('hex'), manifestBytes, signature };
}

function checkKey(privateKey: RecipientPrivateKey, header: PackageHeader): void {
  if (privateKey.publicKey.algorithm !== header.recipient.algorithm || !fingerprintMatches(privateKey.publicKey, header.recipient.fingerprint)) {
    const [algorithm] = header.recipient.fingerprint.split(':');
    const yours = keyFingerprint(privateKey.publicKey, algorithm === 'SM3' ? 'SM3' : 'SHA-256');
    throw new PackageError('PACKAGE_WRONG_KEY', `wrong key: the package is encrypted to ${header.recipient.algorithm} key ${header.recipient.fingerprint}, the private key given is ${privateKey.publicKey.algorithm} key ${yours}`, {
      expected: header.recipient.fingerprint,
      actual: yours,
    });
  }
}

/** The signed manifest must describe exactly this container. */
function checkManifest(layout: Layout, manifest: PackageManifest): void {
  const hashAlgorithm = getProfile(layout.header.profile).hashAlgorithm;
  const problems: string[] = [];
  if (manifest.packageId !== layout.header.packageId) problems.push('package id');
  if (manifest.recipient?.fingerprint !== layout.header.recipient.fingerprint) problems.push('recipient');
  if (manifest.hashAlgorithm !== hashAlgorithm) problems.push('hash algorithm');
  if (manifest.container.prefix !== hashWith(hashAlgorithm, layout.prefix).toString('hex')) problems.push('header checksum');
  if (manifest.container.payload !== layout.payloadDigest) problems.push('payload checksum');
  if (problems.length > 0) throw new PackageError('PACKAGE_TAMPERED', `the package does not match its signed manifest (${problems.join(', ')})`, { problems });
}

interface OutputFile {
  name: string;
  remaining: number;
  hash: Hash;
  handle: FileHandle | null;
  partial: string | null;
}

async function prepareOutputs(manifest: PackageManifest, outDir: string | undefined): Promise<OutputFile[]> {
  const names = [...manifest.files.map((file) => file.name), MANIFEST_FILE, SIGNATURE_FILE];
  if (new Set(names).size !== names.length) throw new PackageError('PACKAGE_TAMPERED', `a data file is named like the manifest`);
  if (outDir) {
    await mkdir(outDir, { recursive: true, mode: 0o700 });
    for (const name of names) if (existsSync(path.join(outDir, name))) throw new PackageError('PACKAGE_OUTPUT', `${path.join(outDir, name)} already exists; choose another --out directory`);
  }
  const outputs: OutputFile[] = [];
  for (const file of manifest.files) {
    const partial = outDir ? path.join(outDir, `.${file.name}.partial`) : null;
    outputs.push({ name: file.name, remaining: file.bytes, hash: createHash(NODE_HASH[manifest.hashAlgorithm]), handle: partial ? await open(partial, 'wx', 0o600) : null, partial });
  }
  return outputs;
}

/** Routes decrypted bytes to the files they belong to, in manifest order. */
async function deliver(outputs: OutputFile[], plaintext: Buffer): Promise<void> {
  let offset = 0;
  for (const output of outputs) {
    if (offset === plaintext.length) return;
    if (output.remaining === 0) continue;
    const part = plaintext.subarray(offset, offset + output.remaining);
    output.hash.update(part);
    if (output.handle) await output.handle.write(part);
    output.remaining -= part.length;
    offset += part.length;
  }
  if (offset < plaintext.length) throw new PackageError('PACKAGE_TAMPERED', 'the payload is longer than the files the manifest lists');
}

async function decryptFrames(file: FileHandle, layout: Layout, key: Buffer, outputs: OutputFile[]): Promise<void> {
  const cipher: AeadCipher = aeadByName(layout.header.payloadCipher);
  const prefixDigest = hashWith(getProfile(layout.header.profile).hashAlgorithm, layout.prefix);
  for (const [index, frame] of layout.frames.entries()) {
    const sealed = splitSealed(cipher, await readExactly(file, frame.offset, frame.length));
    let plaintext: Buffer;
    try {
      plaintext = cipher.open(key, sealed, frameAad(prefixDigest, index, frame.final));
    } catch (cause) {
      throw new PackageError('PACKAGE_TAMPERED', `payload frame ${index} fails authentication: the package was altered`, { frame: index }, { cause });
    }
    await deliver(outputs, plaintext);
  }
}

function checkFiles(manifest: PackageManifest, outputs: OutputFile[]): void {
  for (const [index, output] of outputs.entries()) {
    if (output.remaining !== 0) throw new PackageError('PACKAGE_TAMPERED', `${output.name} is shorter than the manifest says`);
    if (output.hash.digest('hex') !== manifest.files[index]!.checksum) throw new PackageError('PACKAGE_TAMPERED', `${output.name} does not match its checksum`);
  }
}

async function discard(outputs: OutputFile[]): Promise<void> {
  for (const output of outputs) {
    await output.handle?.close().catch(() => undefined);
    if (output.partial) await rm(output.partial, { force: true });
  }
}

/**
 * Opens a package for its recipient: checks the structure, the signature and every checksum, then
 * decrypts. Data files appear in `outDir` only after everything verified, so a refused package
 * leaves nothing behind that could be mistaken for good data.
 */
export async function openPackage(filePath: string, options: OpenPackageOptions): Promise<OpenedPackage> {
  const privateKey = parseRecipientPrivateKey(options.privateKeyPem);
  const file = await open(filePath, 'r');
  try {
    const layout = await readLayout(file, (await file.stat()).size);
    checkKey(privateKey, layout.header);
    const manifest = parseManifest(layout.manifestBytes);
    const { trusted } = verifyManifestSignature(layout.manifestBytes, manifest, layout.signature, options.trustedSignerKey);
    checkManifest(layout, manifest);
    const key = decapsulate(privateKey, layout.header.keyEncapsulation);
    const outputs = await prepareOutputs(manifest, options.outDir);
    try {
      await decryptFrames(file, layout, key, outputs);
      checkFiles(manifest, outputs);
    } catch (error) {
      await discard(outputs);
      throw error;
    }
    const written: string[] = [];
    if (options.outDir) {
      for (const output of outputs) {
        await output.handle!.close();
        const target = path.join(options.outDir, output.name);
        await rename(output.partial!, target);
        written.push(target);
      }
      for (const [name, bytes] of [[MANIFEST_FILE, layout.manifestBytes], [SIGNATURE_FILE, layout.signature]] as const) {
        const target = path.join(options.outDir, name);
        await writeFile(target, bytes, { mode: 0o600, flag: 'wx' });
        written.push(target);
      }
    }
    const now = options.now ?? new Date();
    return { header: layout.header, manifest, manifestBytes: layout.manifestBytes, signerTrusted: trusted, expired: Date.parse(manifest.expiresAt) <= now.getTime(), written };
  } finally {
    await file.close();
  }
}
