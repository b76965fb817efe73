import { createReadStream, statSync } from 'node:fs';
import { createInterface } from 'node:readline';
import type { IngestIssue } from './ingest-plan.js';
import type { RecordIngest } from './ingest.js';

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

const CHUNK = 1000;
const MAX_REPORTED = 20;

/**
 * Streams an NDJSON file of FHIR resources into the repository in batches, in bounded memory:
 * one chunk of lines at a time. Resources must come in dependency order (patients before their
 * records), as bulk exports and the demo generator produce them.
 */
export async function importNdjson(file: string, ingest: RecordIngest, onProgress: (progress: ImportProgress) => void = () => undefined): Promise<ImportSummary> {
  const started = performance.now();
  const totalBytes = statSync(file).size;
  const stream = createReadStream(file);
  const lines = createInterface({ input: stream, crlfDelay: Infinity });
  const progress: ImportProgress = { bytesRead: 0, totalBytes, lines: 0, created: 0, updated: 0, refused: 0 };
  const problems: ImportSummary['problems'] = [];
  let chunk: { line: number; resource: unknown }[] = [];

  const flush = async () => {
    if (chunk.length === 0) return;
    const parsed = chunk;
    chunk = [];
    const result = await ingest.ingest(parsed.map(({ resource }) => ({ resource })), 'batch');
    progress.created += result.created;
    progress.updated += result.updated;
    for (const outcome of result.outcomes) {
      if (!outcome.issue) continue;
      progress.refused++;
      if (problems.length < MAX_REPORTED) problems.push(describe(parsed[outcome.entry]!.line, outcome.issue));
    }
    progress.bytesRead = stream.bytesRead;
    onProgress({ ...progress });
  };

  for await (const text of lines) {
    progress.lines++;
    if (text.trim() === '') continue;
    try {
      chunk.push({ line: progress.lines, resource: JSON.parse(text) });
    } catch {
      progress.refused++;
      if (problems.length < MAX_REPORTED) problems.push({ line: progress.lines, message: 'not valid JSON', expression: '' });
    }
    if (chunk.length >= CHUNK) await flush();
  }
  await flush();
  progress.bytesRead = totalBytes;
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
    const result = await ingest.ingest(resources.slice(i, i + CHUNK).map((resource) => ({ resource })), 'batch');
    summary.created += result.created;
    summary.updated += result.updated;
    for (const outcome of result.outcomes.filter((o) => o.issue)) {
      summary.refused++;
      // Line numbers count the CSV header as line 1.
      if (summary.problems.length < MAX_REPORTED) summary.problems.push(describe(i + outcome.entry + 2, outcome.issue!));
    }
  }
  return { ...summary, seconds: (performance.now() - started) / 1000 };
}
