import { createReadStream } from 'node:fs';

/** A run of parsed NDJSON lines, with where each came from. */
export interface NdjsonChunk {
  entries: { resource: unknown }[];
  /** The 1-based line number of each entry. */
  lines: number[];
  /** The entries' lines as read (UTF-8, without terminators), back to back… */
  raw: Buffer;
  /** …and where each entry's line ends in `raw`. */
  rawEnds: number[];
  /** Line numbers of lines that were not valid JSON. */
  invalid: number[];
  /** Lines read so far, blank ones included. */
  linesRead: number;
  bytesRead: number;
}

const LF = 0x0a;
const CR = 0x0d;

/**
 * Lines of a byte stream, without their terminators (LF, CRLF or a lone CR, as readline splits
 * them), as views of the read buffers. Splitting bytes rather than decoded text is safe because
 * no UTF-8 sequence contains these bytes, and it keeps each line's exact bytes for the caller.
 * Reading is pulled by the consumer, so a slow consumer holds at most one read buffer.
 */
async function* byteLines(stream: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  let rest: Buffer | null = null;
  for await (const chunk of stream) {
    const buffer: Buffer = rest ? Buffer.concat([rest, chunk]) : chunk;
    let start = 0;
    for (let end = buffer.indexOf(LF); end !== -1; end = buffer.indexOf(LF, start)) {
      yield* splitCarriageReturns(buffer.subarray(start, end));
      start = end + 1;
    }
    rest = start < buffer.length ? buffer.subarray(start) : null;
  }
  if (rest) yield* splitCarriageReturns(rest);
}

/** JSON text cannot hold a raw CR, so one inside a line can only separate lines or end a CRLF. */
function splitCarriageReturns(line: Buffer): Buffer[] {
  if (line.indexOf(CR) === -1) return [line];
  const parts: Buffer[] = [];
  let start = 0;
  for (let cr = line.indexOf(CR); cr !== -1; cr = line.indexOf(CR, start)) {
    parts.push(line.subarray(start, cr));
    start = cr + 1;
  }
  if (start < line.length) parts.push(line.subarray(start));
  return parts;
}

const isBlank = (line: Buffer) => line.every((byte) => byte === 0x20 || byte === 0x09);

/**
 * Streams an NDJSON file as chunks of up to `size` parsed lines, or fewer once they hold
 * `maxBytes` of JSON: a file of large resources (documents with attachments) must not make a
 * chunk, and the memory it takes, a hundred times bigger. Blank lines are skipped but counted, so
 * line numbers match what an editor shows.
 */
export async function* ndjsonChunks(file: string, size: number, maxBytes = 8_000_000): AsyncGenerator<NdjsonChunk> {
  const stream = createReadStream(file, { highWaterMark: 256 * 1024 });
  let chunk = emptyChunk(0, 0);
  let raw: Buffer[] = [];
  let rawLength = 0;
  let lineNumber = 0;
  const done = (): NdjsonChunk => ({ ...chunk, raw: Buffer.concat(raw, rawLength), linesRead: lineNumber, bytesRead: stream.bytesRead });
  for await (const line of byteLines(stream)) {
    lineNumber++;
    if (isBlank(line)) continue;
    try {
      chunk.entries.push({ resource: JSON.parse(line.toString('utf8')) });
      chunk.lines.push(lineNumber);
      raw.push(line);
      chunk.rawEnds.push((rawLength += line.length));
    } catch {
      chunk.invalid.push(lineNumber);
    }
    if (chunk.entries.length >= size || rawLength >= maxBytes) {
      yield done();
      chunk = emptyChunk(lineNumber, stream.bytesRead);
      raw = [];
      rawLength = 0;
    }
  }
  yield done();
}

function emptyChunk(linesRead: number, bytesRead: number): NdjsonChunk {
  return { entries: [], lines: [], raw: Buffer.alloc(0), rawEnds: [], invalid: [], linesRead, bytesRead };
}

/** A run of NDJSON lines as read, not yet parsed: for a reader that parses each line when it gets to it. */
export interface NdjsonLineChunk {
  /** The 1-based line number of each line. */
  lines: number[];
  /** The lines (UTF-8, without terminators), back to back… */
  raw: Buffer;
  /** …and where each ends in `raw`. */
  rawEnds: number[];
  linesRead: number;
  bytesRead: number;
}

/**
 * The same file cut the same way as `ndjsonChunks` (blank lines skipped but counted, at most
 * `size` lines or `maxBytes` per chunk), without parsing: an import worker parses, prepares and
 * drops one resource at a time, so a whole chunk of parsed resources is never alive at once.
 */
export async function* ndjsonLineChunks(file: string, size: number, maxBytes = 8_000_000): AsyncGenerator<NdjsonLineChunk> {
  const stream = createReadStream(file, { highWaterMark: 256 * 1024 });
  let lines: number[] = [];
  let raw: Buffer[] = [];
  let rawEnds: number[] = [];
  let rawLength = 0;
  let lineNumber = 0;
  const done = (): NdjsonLineChunk => ({ lines, raw: Buffer.concat(raw, rawLength), rawEnds, linesRead: lineNumber, bytesRead: stream.bytesRead });
  for await (const line of byteLines(stream)) {
    lineNumber++;
    if (isBlank(line)) continue;
    lines.push(lineNumber);
    raw.push(line);
    rawEnds.push((rawLength += line.length));
    if (lines.length >= size || rawLength >= maxBytes) {
      yield done();
      lines = [];
      raw = [];
      rawEnds = [];
      rawLength = 0;
    }
  }
  yield done();
}
