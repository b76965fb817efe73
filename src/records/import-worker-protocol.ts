import type { ProfileName } from '../crypto/index.js';
import { isIssue, type IngestIssue } from './ingest-plan.js';
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

/**
 * Collects a chunk's prepared records and issues as they are made, and packs them for the trip:
 * each record's line (`lineOf` its entry) and sealed payload move into the shared buffer and string.
 */
export class BatchPacker {
  private readonly records: PreparedRecord[] = [];
  private readonly issues: IngestIssue[] = [];
  private readonly lines: Uint8Array[] = [];
  private readonly lineEnds: number[] = [];
  private lineEnd = 0;
  private readonly payloads: string[] = [];
  private readonly payloadEnds: number[] = [];
  private payloadEnd = 0;

  add(outcome: PreparedRecord | IngestIssue, line: Uint8Array): void {
    if (isIssue(outcome)) {
      this.issues.push(outcome);
      return;
    }
    this.lines.push(line);
    this.lineEnds.push((this.lineEnd += line.length));
    const payload = outcome.sealed?.payload ?? '';
    this.payloads.push(payload);
    this.payloadEnds.push((this.payloadEnd += payload.length));
    // Changed in place rather than copied: the packer is the record's last holder here.
    if (outcome.sealed) outcome.sealed.payload = '';
    delete outcome.resource;
    this.records.push(outcome);
  }

  pack(): PackedBatch {
    return { records: this.records, issues: this.issues, raw: joined(this.lines, this.lineEnd), rawEnds: this.lineEnds, payloads: this.payloads.join(''), payloadEnds: this.payloadEnds };
  }
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
