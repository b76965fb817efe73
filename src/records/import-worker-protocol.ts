import type { ProfileName } from '../crypto/index.js';
import type { IngestIssue } from './ingest-plan.js';
import type { FhirResource } from './fhir-facts.js';
import type { PreparedBatch, PreparedRecord } from './ingest-prepare.js';

/** What an import worker needs to open the same database and keyring as the importing process. */
export interface ImportWorkerSettings {
  database: { databaseUrl: string | null; dataDir: string };
  /** YIXIANG_MASTER_KEY as configured; null means the key file in the data directory. */
  masterKey: string | null;
  cryptoProfile: ProfileName;
}

export interface ImportWorkerData extends ImportWorkerSettings {
  file: string;
  chunkSize: number;
}

/** One chunk of the file, prepared, with where its entries came from. */
export interface WorkerBatch {
  kind: 'batch';
  batch: PackedBatch;
  /** Line number of each entry of the chunk, by entry index. */
  lines: number[];
  /** Line numbers that were not valid JSON. */
  invalid: number[];
  linesRead: number;
  bytesRead: number;
}

export type WorkerMessage = WorkerBatch | { kind: 'done' } | { kind: 'failed'; message: string; stack?: string | undefined };

/**
 * A prepared batch as it crosses between threads. The records' lines travel as their raw UTF-8
 * bytes in one transferred buffer (moved, not copied, and outside the JavaScript heap), parsed
 * again only for the few records that need it; the sealed payloads travel joined into one
 * string. The receiving thread then holds one buffer and one large string (and slices of it)
 * instead of thousands of small strings that its young-generation collector would copy again and
 * again while the batch is being written.
 */
export interface PackedBatch {
  records: PreparedRecord[];
  issues: IngestIssue[];
  raw: Uint8Array;
  rawEnds: number[];
  payloads: string;
  payloadEnds: number[];
}

/** `raw` and `rawEnds` hold the chunk's lines by entry index, as `ndjsonChunks` returns them. */
export function packBatch(batch: PreparedBatch, raw: Uint8Array, rawEnds: readonly number[]): PackedBatch {
  const payloads: string[] = [];
  const payloadEnds: number[] = [];
  const lineEnds: number[] = [];
  let payloadEnd = 0;
  const lines: Uint8Array[] = [];
  let lineEnd = 0;
  // The records are changed in place rather than copied: the sender drops them once posted.
  for (const record of batch.records) {
    const line = raw.subarray(rawEnds[record.entry - 1] ?? 0, rawEnds[record.entry]);
    lines.push(line);
    lineEnds.push((lineEnd += line.length));
    payloads.push(record.sealed?.payload ?? '');
    payloadEnds.push((payloadEnd += record.sealed?.payload.length ?? 0));
    if (record.sealed) record.sealed.payload = '';
    delete record.resource;
  }
  return { records: batch.records, issues: batch.issues, raw: joined(lines, lineEnd), rawEnds: lineEnds, payloads: payloads.join(''), payloadEnds };
}

/** The parts copied into a buffer of its own: a small Buffer may share Node's pool, which must never be transferred away. */
function joined(parts: readonly Uint8Array[], length: number): Uint8Array {
  const out = new Uint8Array(length);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

export function unpackBatch(packed: PackedBatch): PreparedBatch {
  const raw = Buffer.from(packed.raw.buffer, packed.raw.byteOffset, packed.raw.byteLength);
  packed.records.forEach((record, i) => {
    const start = packed.rawEnds[i - 1] ?? 0;
    const end = packed.rawEnds[i]!;
    record.reparse = () => JSON.parse(raw.toString('utf8', start, end)) as FhirResource;
    if (record.sealed) record.sealed.payload = packed.payloads.slice(packed.payloadEnds[i - 1] ?? 0, packed.payloadEnds[i]);
  });
  return { records: packed.records, issues: packed.issues };
}
