import { type FileHandle, open } from 'node:fs/promises';
import { Readable } from 'node:stream';
import type { AeadCipher } from '../../crypto/index.js';
import { ChunkBuffer, PartialFile } from '../../lib/sealed-output.js';

/**
 * An export file at rest: NDJSON sealed in chunks under the file's own key, so a file is written
 * and served as a stream without ever being whole in memory, and a chunk cannot be altered, moved,
 * dropped, replayed from another file or cut off at the end without the reader noticing.
 *
 *   offset  size  content
 *   0       4     magic "YXBE"
 *   4       1     format version (1)
 *   5       4     chunk size, unsigned big-endian
 *   9…            frames: 1 byte flags (bit 0: final), 4 bytes sealed length, nonce ‖ ciphertext ‖ tag
 *
 * Each chunk is sealed with AAD = "yixiang-bulk-export/v1" ‖ 0 ‖ file id ‖ 0 ‖ chunk index (8
 * bytes) ‖ final flag (1 byte); the last frame, and only it, is final, even when empty.
 */
const MAGIC = Buffer.from('YXBE', 'ascii');
const VERSION = 1;
const PREFIX_LENGTH = MAGIC.length + 1 + 4;
const FRAME_HEAD = 1 + 4;
const FINAL = 0x01;
export const DEFAULT_CHUNK_SIZE = 256 * 1024;
/** A corrupted chunk size must not make the reader allocate gigabytes. */
const MAX_CHUNK_SIZE = 4 * 1024 * 1024;

export interface SealedFileKey {
  cipher: AeadCipher;
  key: Buffer;
  /** Bound into every chunk: the file's row id. */
  fileId: string;
}

export class SealedFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SealedFileError';
  }
}

function aadPrefix(fileId: string): Buffer {
  return Buffer.concat([Buffer.from('yixiang-bulk-export/v1\u0000', 'utf8'), Buffer.from(fileId, 'utf8'), Buffer.from([0])]);
}

function chunkAad(prefix: Buffer, index: number, final: boolean): Buffer {
  const aad = Buffer.alloc(prefix.length + 9);
  prefix.copy(aad, 0);
  aad.writeBigUInt64BE(BigInt(index), prefix.length);
  aad[prefix.length + 8] = final ? FINAL : 0;
  return aad;
}

/**
 * Writes one sealed file: plaintext is gathered up to one chunk, sealed and appended. The file is
 * written as `<target>.partial` and renamed by `finish`, so nothing half-written is ever served.
 */
export class SealedFileWriter {
  private readonly chunks: ChunkBuffer;
  private readonly prefix: Buffer;
  private index = 0;
  private plainBytes = 0;

  private constructor(
    private readonly file: PartialFile,
    private readonly sealing: SealedFileKey,
    chunkSize: number,
  ) {
    this.chunks = new ChunkBuffer(chunkSize);
    this.prefix = aadPrefix(sealing.fileId);
  }

  static async create(target: string, sealing: SealedFileKey, chunkSize = DEFAULT_CHUNK_SIZE): Promise<SealedFileWriter> {
    if (!Number.isInteger(chunkSize) || chunkSize < 1 || chunkSize > MAX_CHUNK_SIZE) throw new RangeError(`chunk size must be 1..${MAX_CHUNK_SIZE} bytes`);
    const head = Buffer.alloc(PREFIX_LENGTH);
    MAGIC.copy(head, 0);
    head[MAGIC.length] = VERSION;
    head.writeUInt32BE(chunkSize, MAGIC.length + 1);
    return new SealedFileWriter(await PartialFile.create(target, head), sealing, chunkSize);
  }

  async write(text: string): Promise<void> {
    const bytes = Buffer.from(text, 'utf8');
    this.plainBytes += bytes.length;
    await this.chunks.add(bytes, (chunk) => this.seal(chunk, false));
  }

  private async seal(chunk: Buffer, final: boolean): Promise<void> {
    const { cipher, key } = this.sealing;
    const sealed = cipher.seal(key, chunk, chunkAad(this.prefix, this.index, final));
    const head = Buffer.alloc(FRAME_HEAD);
    head[0] = final ? FINAL : 0;
    head.writeUInt32BE(sealed.nonce.length + sealed.ciphertext.length + sealed.tag.length, 1);
    await this.file.write(Buffer.concat([head, sealed.nonce, sealed.ciphertext, sealed.tag]));
    this.index += 1;
  }

  /** Seals the final chunk, makes the file durable and gives it its name. */
  async finish(): Promise<{ bytes: number; plainBytes: number }> {
    try {
      await this.seal(this.chunks.take(), true);
      return { bytes: await this.file.commit(), plainBytes: this.plainBytes };
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

async function readExactly(file: FileHandle, length: number, position: number): Promise<Buffer | null> {
  const buffer = Buffer.allocUnsafe(length);
  let filled = 0;
  while (filled < length) {
    const { bytesRead } = await file.read(buffer, filled, length - filled, position + filled);
    if (bytesRead === 0) break;
    filled += bytesRead;
  }
  if (filled === 0) return null;
  if (filled < length) throw new SealedFileError('the export file is truncated');
  return buffer;
}

async function* chunksOf(file: FileHandle, sealing: SealedFileKey, chunkSize: number): AsyncGenerator<Buffer> {
  const { cipher, key } = sealing;
  const prefix = aadPrefix(sealing.fileId);
  const maxSealed = cipher.nonceLength + chunkSize + cipher.tagLength;
  let position = PREFIX_LENGTH;
  let index = 0;
  try {
    for (;;) {
      const head = await readExactly(file, FRAME_HEAD, position);
      if (!head) throw new SealedFileError('the export file ends before its final chunk');
      const flags = head[0]!;
      const length = head.readUInt32BE(1);
      if ((flags & ~FINAL) !== 0 || length < cipher.nonceLength + cipher.tagLength || length > maxSealed) throw new SealedFileError('an export file chunk is malformed');
      const sealed = await readExactly(file, length, position + FRAME_HEAD);
      if (!sealed) throw new SealedFileError('the export file is truncated');
      const final = (flags & FINAL) === FINAL;
      const plain = cipher.open(
        key,
        { nonce: sealed.subarray(0, cipher.nonceLength), ciphertext: sealed.subarray(cipher.nonceLength, length - cipher.tagLength), tag: sealed.subarray(length - cipher.tagLength) },
        chunkAad(prefix, index, final),
      );
      position += FRAME_HEAD + length;
      index += 1;
      if (plain.length > 0) yield plain;
      if (final) {
        if (await readExactly(file, 1, position)) throw new SealedFileError('the export file has data after its final chunk');
        return;
      }
    }
  } finally {
    await file.close().catch(() => undefined);
  }
}

/**
 * Opens a sealed file for streaming its plaintext. The file is open (and its prefix checked) before
 * this returns, so deleting it meanwhile does not cut the stream; a chunk that fails to open ends
 * the stream with an error rather than handing out unauthenticated bytes.
 */
export async function openSealedFile(path: string, sealing: SealedFileKey): Promise<Readable> {
  const file = await open(path, 'r');
  try {
    const prefix = await readExactly(file, PREFIX_LENGTH, 0);
    if (!prefix || !prefix.subarray(0, MAGIC.length).equals(MAGIC) || prefix[MAGIC.length] !== VERSION) throw new SealedFileError('not a sealed export file');
    const chunkSize = prefix.readUInt32BE(MAGIC.length + 1);
    if (chunkSize < 1 || chunkSize > MAX_CHUNK_SIZE) throw new SealedFileError('the export file names an impossible chunk size');
    return Readable.from(chunksOf(file, sealing, chunkSize), { objectMode: false });
  } catch (error) {
    await file.close().catch(() => undefined);
    throw error;
  }
}
