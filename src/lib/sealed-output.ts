import { type FileHandle, open, rename, rm } from 'node:fs/promises';

/**
 * An output file written as `<target>.partial` and given its name only once it is complete and
 * durable, so nothing half-written is ever served or downloaded. Created with `wx` (never clobbers
 * another writer's file) and mode 0600. Export packages and bulk-export files are written this way.
 */
export class PartialFile {
  private closed = false;

  private constructor(
    private readonly handle: FileHandle,
    private readonly partial: string,
    readonly target: string,
  ) {}

  /** Opens `<target>.partial` and writes `head` first; nothing is left behind if that fails. */
  static async create(target: string, head: Buffer): Promise<PartialFile> {
    const partial = `${target}.partial`;
    const handle = await open(partial, 'wx', 0o600);
    try {
      await handle.write(head);
    } catch (error) {
      await handle.close();
      await rm(partial, { force: true });
      throw error;
    }
    return new PartialFile(handle, partial, target);
  }

  async write(bytes: Buffer): Promise<void> {
    await this.handle.write(bytes);
  }

  /** Makes the file durable, closes it and gives it its name; answers its size in bytes. */
  async commit(): Promise<number> {
    await this.handle.sync();
    const { size } = await this.handle.stat();
    await this.handle.close();
    this.closed = true;
    await rename(this.partial, this.target);
    return size;
  }

  /** Closes and deletes the partial file; safe to call more than once. */
  async abort(): Promise<void> {
    if (!this.closed) {
      this.closed = true;
      await this.handle.close().catch(() => undefined);
    }
    await rm(this.partial, { force: true });
  }
}

/**
 * Gathers plaintext into fixed-size chunks for sealing, so a stream is encrypted chunk by chunk in
 * bounded memory. A chunk handed out is a view of the buffer: seal it before adding more.
 */
export class ChunkBuffer {
  private readonly chunk: Buffer;
  private filled = 0;

  constructor(size: number) {
    this.chunk = Buffer.allocUnsafe(size);
  }

  /** Copies `bytes` in, calling `sealFull` with each chunk as it fills up. */
  async add(bytes: Buffer, sealFull: (chunk: Buffer) => Promise<void>): Promise<void> {
    let offset = 0;
    while (offset < bytes.length) {
      const copied = bytes.copy(this.chunk, this.filled, offset);
      this.filled += copied;
      offset += copied;
      if (this.filled === this.chunk.length) await sealFull(this.take());
    }
  }

  /** What is gathered so far (possibly short, or empty), and the buffer emptied. */
  take(): Buffer {
    const gathered = this.chunk.subarray(0, this.filled);
    this.filled = 0;
    return gathered;
  }
}
