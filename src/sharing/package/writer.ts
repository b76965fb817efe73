import { createHash, type Hash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { type AeadCipher, type HashAlgorithm, hashWith } from '../../crypto/index.js';
import { ChunkBuffer, PartialFile } from '../../lib/sealed-output.js';
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
  private readonly chunks: ChunkBuffer;
  private index = 0;
  private readonly payloadHash: Hash;
  private readonly plaintextHash: Hash;
  private plaintextBytes = 0;

  private constructor(
    private readonly file: PartialFile,
    private readonly prefixDigest: Buffer,
    private readonly cipher: AeadCipher,
    private readonly key: Buffer,
    hashAlgorithm: HashAlgorithm,
    chunkSize: number,
  ) {
    this.chunks = new ChunkBuffer(chunkSize);
    this.payloadHash = createHash(NODE_HASH[hashAlgorithm]);
    this.plaintextHash = createHash(NODE_HASH[hashAlgorithm]);
  }

  static async create(target: string, header: PackageHeader, cipher: AeadCipher, key: Buffer, hashAlgorithm: HashAlgorithm): Promise<PackageWriter> {
    if (existsSync(target)) throw new PackageError('PACKAGE_OUTPUT', `${target} already exists`);
    const prefix = encodePrefix(header);
    // Never clobbers a package or another build's partial file.
    const file = await PartialFile.create(target, prefix);
    return new PackageWriter(file, hashWith(hashAlgorithm, prefix), cipher, key, hashAlgorithm, header.chunkSize);
  }

  get prefixChecksum(): string {
    return this.prefixDigest.toString('hex');
  }

  async write(data: string | Buffer): Promise<void> {
    const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    this.plaintextHash.update(bytes);
    this.plaintextBytes += bytes.length;
    await this.chunks.add(bytes, (chunk) => this.seal(chunk, false));
  }

  private async seal(chunk: Buffer, final: boolean): Promise<void> {
    const sealed = this.cipher.seal(this.key, chunk, frameAad(this.prefixDigest, this.index, final));
    const frame = encodeFrame(final, sealed);
    this.payloadHash.update(frame);
    await this.file.write(frame);
    this.index += 1;
  }

  /** Seals the last frame; `trailer` receives the digests and returns the manifest and its signature. */
  async finish(trailer: (digests: WrittenDigests) => Promise<{ manifest: Buffer; signature: Buffer }>): Promise<{ file: string; bytes: number }> {
    try {
      await this.seal(this.chunks.take(), true);
      const { manifest, signature } = await trailer({
        prefix: this.prefixChecksum,
        payload: this.payloadHash.digest('hex'),
        plaintext: this.plaintextHash.digest('hex'),
        plaintextBytes: this.plaintextBytes,
      });
      await this.file.write(encodeTrailer(manifest, signature));
      return { file: this.file.target, bytes: await this.file.commit() };
    } catch (error) {
      await this.abort();
      throw error;
    }
  }

  /** Closes and deletes the partial file; safe to call more than once. */
  abort(): Promise<void> {
    return this.file.abort();
  }
}
