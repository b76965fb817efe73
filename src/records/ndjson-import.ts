import { statSync } from 'node:fs';
import type { IngestIssue } from './ingest-plan.js';
import type { IngestResult, RecordIngest } from './ingest.js';
import type { PreparedBatch } from './ingest-prepare.js';
import { preparedInWorker } from './import-pipeline.js';
import { unpackBatch, type ImportWorkerSettings } from './import-worker-protocol.js';
import { ndjsonChunks } from './ndjson-chunks.js';

export interface ImportProgress {
  bytesRead: number;
  totalBytes: number;
  lines: number;
  created: number;
  updated: number;
  refused: number;
}

export interface ImportSummary extends ImportProgress {
  /** The first refusals, with the line they came from (the rest are only counted). */
  problems: { line: number; message: string; expression: string }[];
  seconds: number;
}

export interface ImportOptions {
  /**
   * Prepare chunks (parse, validate, blind indexes, encryption) in a worker thread that opens the
   * same database and keyring with these settings, while this thread writes. Without it, all of
   * the work happens in this thread.
   */
  worker?: ImportWorkerSettings;
}

const CHUNK = 1000;
const MAX_REPORTED = 20;

/** One chunk's outcome as the summary counts it: the ingest result plus its unparseable lines. */
interface ChunkOutcome {
  result: IngestResult;
  lines: number[];
  invalid: number[];
  linesRead: number;
  bytesRead: number;
}

/**
 * Streams an NDJSON file of FHIR resources into the repository in batches, in bounded memory:
 * one chunk of lines at a time (a few with a worker). Resources must come in dependency order
 * (patients before their records), as bulk exports and the demo generator produce them.
 */
export async function importNdjson(file: string, ingest: RecordIngest, onProgress: (progress: ImportProgress) => void = () => undefined, options: ImportOptions = {}): Promise<ImportSummary> {
  const started = performance.now();
  const totalBytes = statSync(file).size;
  const progress: ImportProgress = { bytesRead: 0, totalBytes, lines: 0, created: 0, updated: 0, refused: 0 };
  const problems: ImportSummary['problems'] = [];

  const count = ({ result, lines, invalid, linesRead, bytesRead }: ChunkOutcome) => {
    // Unparseable lines come first in a chunk's report only if they came first in the file.
    const refusals = [
      ...invalid.map((line) => ({ line, message: 'not valid JSON', expression: '' })),
      ...result.outcomes.flatMap((outcome) => (outcome.issue ? [describe(lines[outcome.entry]!, outcome.issue)] : [])),
    ].sort((a, b) => a.line - b.line);
    progress.created += result.created;
    progress.updated += result.updated;
    progress.refused += refusals.length;
    problems.push(...refusals.slice(0, Math.max(0, MAX_REPORTED - problems.length)));
    progress.lines = linesRead;
    progress.bytesRead = bytesRead;
    onProgress({ ...progress });
  };

  await ingest.bulk(async (writes) => {
    const commit = async (batch: PreparedBatch) => {
      await writes.beginChunk();
      const result = await ingest.commit(batch, 'batch', 'issues', writes);
      await writes.endChunk(result.created + result.updated);
      return result;
    };
    if (options.worker) {
      for await (const prepared of preparedInWorker(file, CHUNK, options.worker, ingest)) count({ ...prepared, result: await commit(unpackBatch(prepared.batch)) });
    } else {
      for await (const chunk of ndjsonChunks(file, CHUNK)) count({ ...chunk, result: await commit(await ingest.prepare(chunk.entries)) });
    }
  });
  progress.bytesRead = totalBytes;
  await ingest.afterBulkLoad();
  return { ...progress, problems, seconds: (performance.now() - started) / 1000 };
}

function describe(line: number, issue: IngestIssue) {
  return { line, message: issue.message, expression: issue.expression.replace(/^Bundle\.entry\[\d+\]\./, '') };
}

/** The same summary for resources already in memory (a CSV converted row by row). */
export async function importResources(resources: unknown[], ingest: RecordIngest): Promise<ImportSummary> {
  const started = performance.now();
  const summary: ImportSummary = { bytesRead: 0, totalBytes: 0, lines: resources.length, created: 0, updated: 0, refused: 0, problems: [], seconds: 0 };
  for (let i = 0; i < resources.length; i += CHUNK) {
    const result = await ingest.ingest(resources.slice(i, i + CHUNK).map((resource) => ({ resource })), 'batch', 'issues');
    summary.created += result.created;
    summary.updated += result.updated;
    for (const outcome of result.outcomes.filter((o) => o.issue)) {
      summary.refused++;
      // Line numbers count the CSV header as line 1.
      if (summary.problems.length < MAX_REPORTED) summary.problems.push(describe(i + outcome.entry + 2, outcome.issue!));
    }
  }
  await ingest.afterBulkLoad();
  return { ...summary, seconds: (performance.now() - started) / 1000 };
}
