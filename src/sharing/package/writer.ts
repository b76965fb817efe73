import { createHash, type Hash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { type FileHandle, open, rename, rm } from 'node:fs/promises';
import { type AeadCipher, type HashAlgorithm, hashWith } from '../../crypto/index.js';
import { type PackageHeader, encodeFrame, encodePrefix, encodeTrailer, frameAad } from './container.js';
import { PackageError } from './errors.js';

const NODE_HASH: Record<HashAlgorithm, string> = { 'SHA-256': 'sha256', SM3: 'sm3' };

export interface WrittenDigests {
  prefix: string;
  payload: string;
  /** Digest and size of the plaintext written so far (one file; builder.ts writes one). */
  plaintext: string;
  plaintextBytes: number;
}

/**
 * Streams a package to disk with bounded memory: plaintext is buffered up to one chunk, sealed, and
 * written as a frame. The file is written under a temporary name and renamed only by `finish`, so a
 * build that is refused half-way (k-anonymity) or fails leaves nothing a download could pick up.
 */
export class PackageWriter {
  private readonly chunk: Buffer;
  private filled = 0;
  private index = 0;
  private readonly payloadHash: Hash;
  private readonly plaintextHash: Hash;
  private plaintextBytes = 0;
  private closed = false;

  private constructor(
    private readonly file: FileHandle,
    private readonly partial: string,
    private readonly target: string,
    private readonly prefixDigest: Buffer,
    private readonly cipher: AeadCipher,
    private readonly key: Buffer,
    hashAlgorithm: HashAlgorithm,
    chunkSize: number,
  ) {
    this.chunk = Buffer.allocUnsafe(chunkSize);
    this.payloadHash = createHash(NODE_HASH[hashAlgorithm]);
    this.plaintextHash = createHash(NODE_HASH[hashAlgorithm]);
  }

  static async create(target: string, header: PackageHeader, cipher: AeadCipher, key: Buffer, hashAlgorithm: HashAlgorithm): Promise<PackageWriter> {
    if (existsSync(target)) throw new PackageError('PACKAGE_OUTPUT', `${target} already exists`);
    const partial = `${target}.partial`;
    // `wx`: never clobber a package or another build's partial file.
    const file = await open(partial, 'wx', 0o600);
    const prefix = encodePrefix(header);
    try {
      await file.write(prefix);
    } catch (error) {
      await file.close();
      await rm(partial, { force: true });
      throw error;
    }
    return new PackageWriter(file, partial, target, hashWith(hashAlgorithm, prefix), cipher, key, hashAlgorithm, header.chunkSize);
  }

  get prefixChecksum(): string {
    return this.prefixDigest.toString('hex');
  }

  async write(data: string | Buffer): Promise<void> {
    const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    this.plaintextHash.update(bytes);
    this.plaintextBytes += bytes.length;
    let offset = 0;
    while (offset < bytes.length) {
      const copied = bytes.copy(this.chunk, this.filled, offset);
      this.filled += copied;
      offset += copied;
      if (this.filled === this.chunk.length) await this.seal(false);
    }
  }

  private async seal(final: boolean): Promise<void> {
    const sealed = this.cipher.seal(this.key, this.chunk.subarray(0, this.filled), frameAad(this.prefixDigest, this.index, final));
    const frame = encodeFrame(final, sealed);
    this.payloadHash.update(frame);
    await this.file.write(frame);
    this.index += 1;
    this.filled = 0;
  }

  /** Seals the last frame; `trailer` receives the digests and returns the manifest and its signature. */
  async finish(trailer: (digests: WrittenDigests) => Promise<{ manifest: Buffer; signature: Buffer }>): Promise<{ file: string; bytes: number }> {
    try {
      await this.seal(true);
      const { manifest, signature } = await trailer({
        prefix: this.prefixChecksum,
        payload: this.payloadHash.digest('hex'),
        plaintext: this.plaintextHash.digest('hex'),
        plaintextBytes: this.plaintextBytes,
      });
      await this.file.write(encodeTrailer(manifest, signature));
      await this.file.sync();
      const { size } = await this.file.stat();
      await this.file.close();
      this.closed = true;
      await rename(this.partial, this.target);
      return { file: this.target, bytes: size };
    } catch (error) {
      await this.abort();
      throw error;
    }
  }

  /** Closes and deletes the partial file; safe to call more than once. */
  async abort(): Promise<void> {
    if (!this.closed) {
      this.closed = true;
      await this.file.close().catch(() => undefined);
    }
    await rm(this.partial, { force: true });
  }
}
